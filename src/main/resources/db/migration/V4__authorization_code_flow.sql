-- The authorization-code flow: what clients register for it, the users who sign in, pushed
-- authorization requests, sign-ins in progress, authorization codes and the grants behind them.
-- Same dialect rules as V1: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- dpop_jkt (RFC 9449 §10): the JWK thumbprint of the DPoP key a code is bound to at PAR, or NULL.
-- Every secret a browser or client holds (request_uri reference, session cookie, code) is stored
-- only as its SHA-256, so that reading these tables gives nothing to replay.

-- Space-separated, like the scope parameter: neither a URI nor a type name contains a space.
ALTER TABLE clients ADD COLUMN redirect_uris VARCHAR NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN authorization_details_types VARCHAR NOT NULL DEFAULT '';

-- password_hash is an Argon2id PHC string; sealed_totp_secret is AES-256-GCM under the master key.
-- totp_last_step: the last RFC 6238 time step accepted, so that no code is accepted twice.
CREATE TABLE users (
    username           VARCHAR(64)  NOT NULL PRIMARY KEY,
    subject            VARCHAR(255) NOT NULL UNIQUE,
    display_name       VARCHAR(255) NOT NULL,
    password_hash      VARCHAR(255) NOT NULL,
    sealed_totp_secret VARCHAR(512),
    totp_last_step     BIGINT       NOT NULL DEFAULT 0,
    disabled           BOOLEAN      NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- The validated request behind a request_uri (RFC 9126); used flips once, atomically.
CREATE TABLE pushed_requests (
    reference_hash        VARCHAR(64)   NOT NULL PRIMARY KEY,
    client_id             VARCHAR(255)  NOT NULL,
    redirect_uri          VARCHAR(2048) NOT NULL,
    scope                 VARCHAR(2048) NOT NULL,
    state                 VARCHAR(512),
    nonce                 VARCHAR(512),
    code_challenge        VARCHAR(64)   NOT NULL,
    authorization_details VARCHAR       NOT NULL,
    expires_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    used                  BOOLEAN       NOT NULL,
    dpop_jkt              VARCHAR(64)
);
CREATE INDEX pushed_requests_expires_at ON pushed_requests (expires_at);

-- A browser's sign-in, keyed by the hash of its session cookie, with the pushed request it answers.
CREATE TABLE authorization_interactions (
    session_hash          VARCHAR(64)   NOT NULL PRIMARY KEY,
    csrf_token            VARCHAR(64)   NOT NULL,
    stage                 VARCHAR(16)   NOT NULL,
    username              VARCHAR(64),
    client_id             VARCHAR(255)  NOT NULL,
    redirect_uri          VARCHAR(2048) NOT NULL,
    scope                 VARCHAR(2048) NOT NULL,
    state                 VARCHAR(512),
    nonce                 VARCHAR(512),
    code_challenge        VARCHAR(64)   NOT NULL,
    authorization_details VARCHAR       NOT NULL,
    request_expires_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    dpop_jkt              VARCHAR(64)
);
CREATE INDEX authorization_interactions_expires_at ON authorization_interactions (expires_at);

-- What a user allowed a client. Revocation sets revoked_at; rows are kept for the grant's history.
CREATE TABLE grants (
    grant_id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    subject               VARCHAR(255)  NOT NULL,
    client_id             VARCHAR(255)  NOT NULL,
    scope                 VARCHAR(2048) NOT NULL,
    authorization_details VARCHAR       NOT NULL,
    created_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at            TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX grants_subject ON grants (subject);

-- An authorization code and all it is bound to. used_at is set once (first redemption); a second
-- redemption finds it set and revokes the grant (RFC 6749 §4.1.2).
CREATE TABLE authorization_codes (
    code_hash             VARCHAR(64)   NOT NULL PRIMARY KEY,
    grant_id              VARCHAR(64)   NOT NULL REFERENCES grants (grant_id),
    client_id             VARCHAR(255)  NOT NULL,
    subject               VARCHAR(255)  NOT NULL,
    redirect_uri          VARCHAR(2048) NOT NULL,
    code_challenge        VARCHAR(64)   NOT NULL,
    scope                 VARCHAR(2048) NOT NULL,
    authorization_details VARCHAR       NOT NULL,
    nonce                 VARCHAR(512),
    expires_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    dpop_jkt              VARCHAR(64),
    used_at               TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX authorization_codes_expires_at ON authorization_codes (expires_at);
