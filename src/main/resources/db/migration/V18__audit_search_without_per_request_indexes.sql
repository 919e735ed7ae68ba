-- V15's three indexes for `bulwark audit search` (request id, user, status) cost every gateway request three more B-tree
-- inserts in the audit writer's transaction: on H2, 62 µs of CPU a request (8 %), measured by bench/gateway.sh against a
-- build without them (docs/PERFORMANCE.md, "The cost of watching"). A search now reads the time index instead: request
-- ids are UUID version 7, whose time narrows the search to minutes (io.bulwark.audit.RequestIds), and a user or a status
-- is looked for within the time window asked. The time (V5) and client (V5) indexes stay.
DROP INDEX IF EXISTS audit_events_request_id;
DROP INDEX IF EXISTS audit_events_subject;
DROP INDEX IF EXISTS audit_events_status;
