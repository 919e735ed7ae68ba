-- Failed authentications per key (hashed identity or source address), shared by every node on one database.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE authentication_failures (
    failure_key     VARCHAR(128) NOT NULL PRIMARY KEY,
    failures        INTEGER      NOT NULL,
    last_failure_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP(6) WITH TIME ZONE
);

-- Distinct identities failing from one address, and distinct addresses failing for one identity.
CREATE TABLE authentication_failure_members (
    set_key VARCHAR(128) NOT NULL,
    member  VARCHAR(128) NOT NULL,
    seen_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (set_key, member)
);

-- The periodic purge deletes by age.
CREATE INDEX authentication_failures_last_failure_at ON authentication_failures (last_failure_at);
CREATE INDEX authentication_failure_members_seen_at ON authentication_failure_members (seen_at);
