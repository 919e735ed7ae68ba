-- Refresh tokens (RFC 6749 §6) and the client setting for their rotation (FAPI 2.0 SP §5.3.2.1).
-- Same dialect rules as V1: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- FAPI 2.0 SP §5.3.2.1: no rotation unless a client's registration asks for it.
ALTER TABLE clients ADD COLUMN refresh_token_rotation BOOLEAN DEFAULT FALSE NOT NULL;

-- A refresh token, stored only as its SHA-256 (base64url), bound to its grant, its client and the
-- sender constraint of the code exchange: dpop_jkt (RFC 9449 §5) or x5t_s256 (RFC 8705 §3), one of the two.
-- spent_at is set once, when a rotating client uses it; presenting it again revokes the grant.
CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64)   NOT NULL PRIMARY KEY,
    grant_id   VARCHAR(64)   NOT NULL REFERENCES grants (grant_id),
    client_id  VARCHAR(255)  NOT NULL,
    subject    VARCHAR(255)  NOT NULL,
    scope      VARCHAR(2048) NOT NULL,
    dpop_jkt   VARCHAR(64),
    x5t_s256   VARCHAR(64),
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    spent_at   TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
CREATE INDEX refresh_tokens_grant_id ON refresh_tokens (grant_id);

-- Operators list grants by client as well as by subject (bulwark grants list --client).
CREATE INDEX grants_client_id ON grants (client_id);
