package io.bulwark.runtime;

import io.bulwark.audit.AuditCheckpointer;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the checkpointer every second whether a checkpoint is due (N records or T seconds since the last), on a worker
 * thread, one at a time: never on a request's path.
 */
final class AuditCheckpointSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointSchedule.class);
    private static final long INTERVAL_MILLIS = 1_000;

    private AuditCheckpointSchedule() {
    }

    static void start(Vertx vertx, AuditCheckpointer checkpointer) {
        vertx.setPeriodic(INTERVAL_MILLIS, id -> vertx.executeBlocking(() -> {
            try {
                checkpointer.checkpointIfDue().ifPresent(c -> LOG.debug("audit checkpoint signed: record {}", c.seq()));
            } catch (RuntimeException e) {
                LOG.warn("could not sign an audit checkpoint: {}", e.toString());
            }
            return null;
        }));
    }
}
