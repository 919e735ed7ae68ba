-- The same sealed-key table holds the authorization server's token signing keys and the gateway's
-- identity-assertion keys; each ring reads and rotates only the keys of its own purpose.
ALTER TABLE signing_keys ADD COLUMN purpose VARCHAR(32) DEFAULT 'access-token' NOT NULL;
