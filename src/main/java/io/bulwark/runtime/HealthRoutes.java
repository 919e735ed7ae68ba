package io.bulwark.runtime;

import io.bulwark.observability.Readiness;
import io.bulwark.observability.ReadinessChecks;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /health/live} (the process answers: 200) and {@code /health/ready} (every readiness check, 200 or 503 with the
 * failing ones named), on the management listener. The checks run on virtual threads of their own; the handler waits
 * for them without holding its context, so other management requests are served meanwhile.
 */
final class HealthRoutes implements ManagementRoutes {

    static final String JSON = "application/json";

    private final ReadinessChecks checks;
    private final Executor threads = runnable -> Thread.ofVirtual().name("bulwark-readiness").start(runnable);

    HealthRoutes(ReadinessChecks checks) {
        this.checks = checks;
    }

    @Override
    public void mount(Router router) {
        router.get("/health/live").handler(context -> ResponseWriter.json(context.response(), 200, JSON, "{\"status\":\"pass\"}"));
        router.get("/health/ready").handler(context -> {
            Readiness readiness = Future.fromCompletionStage(CompletableFuture.supplyAsync(checks::run, threads)).await();
            ResponseWriter.json(context.response(), readiness.httpStatus(), JSON, readiness.toJson());
        });
    }

    @Override
    public String name() {
        return "health";
    }
}
