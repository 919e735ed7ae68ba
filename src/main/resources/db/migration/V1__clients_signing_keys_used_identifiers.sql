-- Runs unchanged on PostgreSQL 15 and on H2 in PostgreSQL mode (DATABASE_TO_LOWER=TRUE):
-- keep to the SQL both accept, and avoid names either reserves (such as KEY or VALUE in H2).

CREATE TABLE clients (
    client_id   VARCHAR(255) NOT NULL PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    auth_method VARCHAR(64)  NOT NULL,
    jwks_json   VARCHAR      NOT NULL,
    disabled    BOOLEAN      NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- One row per scope, so the scopes come back as a set: no duplicates, no delimiter to escape.
CREATE TABLE client_scopes (
    client_id VARCHAR(255) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    scope     VARCHAR(255) NOT NULL,
    PRIMARY KEY (client_id, scope)
);

-- sealed_private_jwk is encrypted by the application (AES-256-GCM); the database never sees it in clear.
CREATE TABLE signing_keys (
    key_id             VARCHAR(255) NOT NULL PRIMARY KEY,
    algorithm          VARCHAR(16)  NOT NULL,
    public_jwk_json    VARCHAR      NOT NULL,
    sealed_private_jwk VARCHAR      NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    activated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    retired_at         TIMESTAMP(6) WITH TIME ZONE
);

-- One-time identifiers (assertion jti, DPoP proof jti) shared by every node of a PostgreSQL deployment.
CREATE TABLE used_identifiers (
    namespace  VARCHAR(64)  NOT NULL,
    id         VARCHAR(512) NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, id)
);

-- The periodic purge deletes by expiry; without this index it would scan the whole table.
CREATE INDEX used_identifiers_expires_at ON used_identifiers (expires_at);
