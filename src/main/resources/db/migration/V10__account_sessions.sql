-- Sessions of the account pages, where users list and revoke their own grants: apart from the sign-ins
-- of the authorization flow (authorization_interactions), so that neither can stand in for the other.
-- Same dialect rules as V1: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- The cookie is stored only as its SHA-256; stage moves once, by a conditional UPDATE.
CREATE TABLE account_sessions (
    session_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    csrf_token   VARCHAR(64) NOT NULL,
    stage        VARCHAR(16) NOT NULL,
    username     VARCHAR(64),
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX account_sessions_expires_at ON account_sessions (expires_at);
