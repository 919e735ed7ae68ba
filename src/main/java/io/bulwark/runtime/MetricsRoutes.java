package io.bulwark.runtime;

import io.bulwark.observability.NodeMetrics;
import io.vertx.ext.web.Router;

import java.util.Objects;

/**
 * {@code GET /metrics} on the management listener: the node's meters for Prometheus, as OpenMetrics text when the
 * scraper's {@code Accept} asks for it, else the Prometheus text format. The scrape runs off the event loop.
 */
public final class MetricsRoutes implements ManagementRoutes {

    /** Where Prometheus scrapes. */
    public static final String PATH = "/metrics";

    private final NodeMetrics metrics;

    public MetricsRoutes(NodeMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(ctx -> {
            String accept = ctx.request().getHeader("Accept");
            ctx.vertx().executeBlocking(() -> metrics.scrape(accept), false)
                    .onSuccess(scrape -> ctx.response().putHeader("Content-Type", scrape.contentType())
                            .putHeader("Cache-Control", "no-store").end(scrape.body()))
                    .onFailure(ctx::fail);
        });
    }

    @Override
    public String name() {
        return "metrics";
    }
}
