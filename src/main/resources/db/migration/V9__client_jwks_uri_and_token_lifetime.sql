-- Client registration as FAPI asks: keys by reference (RFC 7591 §2 jwks_uri) and a per-client access-token lifetime.
-- Same dialect rules as V1: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- V9, not V8: V8 is left free for a migration written in parallel on another branch.

-- An https URL where the client publishes its JWK Set; NULL when its keys are inline in jwks_json.
ALTER TABLE clients ADD COLUMN jwks_uri VARCHAR(2048);

-- Seconds (60 to 3600); NULL means the server's authorization-server.access-token-lifetime.
ALTER TABLE clients ADD COLUMN access_token_lifetime_seconds INTEGER;
