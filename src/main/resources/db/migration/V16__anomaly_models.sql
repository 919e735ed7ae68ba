-- The behaviour detector (io.bulwark.anomaly.behaviour, docs/ANOMALY.md). Runs unchanged on PostgreSQL and on H2.
-- Saved state: each identity's profile and forest, and each kind's population forest, under keys such as
-- `client:partner-app`, `user:alice` and `population:user`; written by the node scoring the identity.
CREATE TABLE anomaly_models (
    model_key VARCHAR(600) NOT NULL PRIMARY KEY,
    state     BYTEA        NOT NULL,
    saved_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Every node's counts of one identity's window, until the node scoring the identity's shard takes them.
CREATE TABLE anomaly_windows (
    id           BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shard        INT          NOT NULL,
    identity_key VARCHAR(600) NOT NULL,
    window_index BIGINT       NOT NULL,
    counts       BYTEA        NOT NULL
);
CREATE INDEX anomaly_windows_shard ON anomaly_windows (shard, window_index);

-- One lease per shard (Identity.SHARDS = 16): the node holding it scores the shard's identities until expires_at.
CREATE TABLE anomaly_leases (
    shard      INT          NOT NULL PRIMARY KEY,
    holder     VARCHAR(200),
    expires_at TIMESTAMP(6) WITH TIME ZONE
);
INSERT INTO anomaly_leases (shard) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15);
