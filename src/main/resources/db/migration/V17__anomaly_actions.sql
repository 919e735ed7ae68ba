-- Responses to anomaly alerts (see io.bulwark.anomaly.response): one row per decision, enforced (mode `enforce`) or only
-- recorded as what would have been done (mode `observe`). The gateway's throttles and the sign-in's step-ups are read
-- from here, so every node sharing the store agrees; each end (expiry, an operator's lift) and each acknowledgement is
-- one conditional UPDATE, so only one node or operator ends an action and undoes its effect. Runs unchanged on
-- PostgreSQL and on H2.
CREATE TABLE anomaly_actions (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    mode           VARCHAR(16)  NOT NULL,
    action         VARCHAR(16)  NOT NULL,
    subject_kind   VARCHAR(16)  NOT NULL,
    subject        VARCHAR(512) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    expires_at     TIMESTAMP(6) WITH TIME ZONE,
    alert_detector VARCHAR(32)  NOT NULL,
    alert_kind     VARCHAR(256) NOT NULL,
    alert_severity VARCHAR(16)  NOT NULL,
    alert_score    DOUBLE PRECISION NOT NULL,
    alert_reasons  VARCHAR      NOT NULL,
    request_id     VARCHAR(128),
    rate_limit     BIGINT,
    rate_window_ms BIGINT,
    restores       BOOLEAN      NOT NULL,
    detail         VARCHAR      NOT NULL,
    ended_at       TIMESTAMP(6) WITH TIME ZONE,
    ended_by       VARCHAR(256),
    ended_note     VARCHAR,
    acked_at       TIMESTAMP(6) WITH TIME ZONE,
    acked_by       VARCHAR(256),
    acked_note     VARCHAR
);
CREATE INDEX anomaly_actions_live ON anomaly_actions (status, expires_at);
CREATE INDEX anomaly_actions_identity ON anomaly_actions (subject_kind, subject, action);
CREATE INDEX anomaly_actions_created_at ON anomaly_actions (created_at);
