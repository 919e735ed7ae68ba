-- Signed checkpoints of the audit chain (see io.bulwark.audit.AuditCheckpointer): every N records or T seconds a
-- node signs the head it committed (record number and hash) as a JWS with a key of the `audit-checkpoint`
-- purpose in signing_keys. A checkpoint names one record; the verifier checks the chain still has that record
-- with that hash, so a truncated or wholly rewritten chain is found. Runs unchanged on PostgreSQL and on H2.
CREATE TABLE audit_checkpoints (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    record_hash CHAR(64)     NOT NULL,
    signed_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    key_id      VARCHAR(128) NOT NULL,
    jws         VARCHAR      NOT NULL
);

-- `bulwark audit search` looks records up by request id, user and status as well as by client and time (V5).
CREATE INDEX audit_events_request_id ON audit_events (request_id);
CREATE INDEX audit_events_subject ON audit_events (subject, recorded_at);
CREATE INDEX audit_events_status ON audit_events (status, recorded_at);
