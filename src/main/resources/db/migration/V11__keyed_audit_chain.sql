-- The audit chain becomes keyed (HMAC-SHA256 under a key derived from the master key, see
-- io.bulwark.audit.AuditChain). Rows written before this migration keep their plain SHA-256 and are
-- marked so; the verifier accepts them only as the chain's first records, before any keyed one, and the
-- first keyed record's MAC covers the last of them. Runs unchanged on PostgreSQL and on H2.
ALTER TABLE audit_events ADD COLUMN algorithm VARCHAR(16) DEFAULT 'sha256' NOT NULL;

-- New rows must name their algorithm: a writer that forgot it fails rather than writing a row that looks old.
ALTER TABLE audit_events ALTER COLUMN algorithm DROP DEFAULT;
