package io.bulwark.runtime;

import io.bulwark.anomaly.response.AnomalyActionStore;
import io.bulwark.anomaly.response.AnomalyActionsJson;
import io.bulwark.http.Problem;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code GET /anomalies} on the management listener: the responses to anomaly alerts, newest first, as JSON (read only;
 * operators ack and lift with {@code bulwark anomalies}). Query: {@code status=open} (default, not yet acknowledged) or
 * {@code all}, {@code limit} 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}); anything else is a 400 problem.
 */
final class AnomalyRoutes implements ManagementRoutes {

    static final String PATH = "/anomalies";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("status", "limit");

    private final Supplier<AnomalyActionStore> store;
    private final Executor threads = runnable -> Thread.ofVirtual().name("bulwark-anomalies").start(runnable);

    /** @param store the store, asked at each request (a node's store opens after its routes are registered) */
    AnomalyRoutes(Supplier<AnomalyActionStore> store) {
        this.store = store;
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(this::list);
    }

    private void list(RoutingContext context) {
        var params = context.queryParams();
        for (String name : params.names()) {
            if (!PARAMETERS.contains(name)) {
                refuse(context, "unknown query parameter `" + name + "`; allowed: status, limit");
                return;
            }
            if (params.getAll(name).size() > 1) {
                refuse(context, "`" + name + "` is given more than once");
                return;
            }
        }
        String status = params.get("status") == null ? "open" : params.get("status");
        if (!status.equals("open") && !status.equals("all")) {
            refuse(context, "`status` must be `open` or `all`");
            return;
        }
        int limit = DEFAULT_LIMIT;
        if (params.get("limit") != null) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                refuse(context, "`limit` must be a whole number from 1 to " + MAX_LIMIT);
                return;
            }
        }
        boolean openOnly = status.equals("open");
        int max = limit;
        try {
            List<io.bulwark.anomaly.response.AnomalyAction> actions = Future.fromCompletionStage(
                    CompletableFuture.supplyAsync(() -> store.get().list(openOnly, max), threads)).await();
            ResponseWriter.json(context.response(), 200, HealthRoutes.JSON, AnomalyActionsJson.write(actions));
        } catch (RuntimeException e) {
            ResponseWriter.problem(context.response(), Problem.of("store-unavailable", "Service Unavailable", 503,
                    "the anomaly responses could not be read from the store"));
        }
    }

    private static void refuse(RoutingContext context, String detail) {
        ResponseWriter.problem(context.response(), Problem.of("invalid-query", "Bad Request", 400, detail));
    }

    @Override
    public String name() {
        return "anomalies";
    }
}
