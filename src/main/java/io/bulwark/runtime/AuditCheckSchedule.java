package io.bulwark.runtime;

import io.bulwark.audit.AuditChainWatch;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Verifies the audit chain's tail at start and every 5 minutes: a break is a security event, and the node keeps serving. */
final class AuditCheckSchedule {

    private static final Duration INTERVAL = Duration.ofMinutes(5);

    private AuditCheckSchedule() {
    }

    static void start(Vertx vertx, AuditChainWatch watch) {
        watch.check();
        vertx.setPeriodic(INTERVAL.toMillis(), id -> vertx.executeBlocking(() -> {
            watch.check();
            return null;
        }));
    }
}
