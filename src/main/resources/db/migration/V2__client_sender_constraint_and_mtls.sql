-- Sender-constrained tokens (FAPI 2.0 SP §5.3.2.1) and mTLS client authentication (RFC 8705 §2).
-- Runs unchanged on PostgreSQL 15 and on H2 in PostgreSQL mode, like V1.

-- dpop, mtls or dpop-or-mtls; clients registered before this migration may use either.
ALTER TABLE clients ADD COLUMN sender_constraint VARCHAR(32) DEFAULT 'dpop-or-mtls' NOT NULL;

-- For tls_client_auth: the subject DN (RFC 4514) the client's certificate must carry (RFC 8705 §2.1.2).
ALTER TABLE clients ADD COLUMN tls_client_auth_subject_dn VARCHAR(1024);
