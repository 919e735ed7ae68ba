-- The gateway's audit trail: one row per request, hash-chained (see io.bulwark.audit.AuditChain).
-- Runs unchanged on PostgreSQL 15 and on H2 in PostgreSQL mode, like V1.

-- event_json is the canonical JSON that was hashed; the other columns repeat some of its fields for
-- queries, and the verifier checks that they still agree with it.
CREATE TABLE audit_events (
    seq           BIGINT       NOT NULL PRIMARY KEY,
    recorded_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    request_id    VARCHAR(64)  NOT NULL,
    decision      VARCHAR(16)  NOT NULL,
    status        INTEGER      NOT NULL,
    client_id     VARCHAR,
    subject       VARCHAR,
    operation     VARCHAR,
    event_json    VARCHAR      NOT NULL,
    previous_hash CHAR(64)     NOT NULL,
    record_hash   CHAR(64)     NOT NULL
);

CREATE INDEX audit_events_recorded_at ON audit_events (recorded_at);
CREATE INDEX audit_events_client ON audit_events (client_id, recorded_at);

-- The chain's head: the one row every writer locks (SELECT ... FOR UPDATE) to append, so that the
-- nodes of a deployment extend one chain without forks, and the verifier can tell a truncated end.
CREATE TABLE audit_chain_head (
    id        INTEGER  NOT NULL PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);

INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
