-- One-time uses whose outcome is pending (a consented payment in flight): reserved by a holder (a random secret),
-- then spent, or deleted when the use did not happen. Same dialect rules as V1: runs unchanged on PostgreSQL and
-- on H2 in PostgreSQL mode. Every change is one conditional statement, so nodes sharing the database agree.
CREATE TABLE reserved_uses (
    namespace  VARCHAR(64)  NOT NULL,
    id         VARCHAR(512) NOT NULL,
    holder     VARCHAR(64)  NOT NULL,
    spent      BOOLEAN      NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, id)
);
CREATE INDEX reserved_uses_expires_at ON reserved_uses (expires_at);

-- Payments already made before this table existed stay spent: the gateway recorded them as used identifiers.
INSERT INTO reserved_uses (namespace, id, holder, spent, expires_at)
SELECT namespace, id, 'spent before V13', TRUE, expires_at FROM used_identifiers WHERE namespace = 'payment-consent';
