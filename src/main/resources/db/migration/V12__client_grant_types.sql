-- RFC 7591 §2 grant_types: which grants a client may use at the token endpoint (and the code flow at PAR).
-- Same dialect rules as V1: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- V12, not V11: V11 is left free for a migration written in parallel on another branch.

-- Space-separated grant type names, like redirect_uris (V4).
ALTER TABLE clients ADD COLUMN grant_types VARCHAR(256);

-- Clients registered before: an app with redirect URIs acts for users only; one without is a machine client.
-- Nobody keeps client_credentials on a user-facing app by accident; an operator grants it back explicitly.
UPDATE clients SET grant_types = CASE
    WHEN redirect_uris IS NULL OR redirect_uris = '' THEN 'client_credentials'
    ELSE 'authorization_code refresh_token' END;

ALTER TABLE clients ALTER COLUMN grant_types SET NOT NULL;
