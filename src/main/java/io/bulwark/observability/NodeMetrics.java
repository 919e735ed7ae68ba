package io.bulwark.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's one Prometheus registry, with the JVM's and the process's meters bound, and its scrape: OpenMetrics text when
 * the scraper asks for it, the Prometheus text format otherwise. Meters whose label values appear only as traffic flows
 * (a step's new refusal reason, an API added by a reload) are brought up to date just before each scrape.
 */
public final class NodeMetrics implements AutoCloseable {

    /** One scrape: the body and the content type it is written in. */
    public record Scrape(String contentType, String body) {
    }

    /** OpenMetrics 1.0 text (OpenMetrics §"Overall Structure"), for scrapers that ask for it. */
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** The Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MeterRegistry registry;
    private final Optional<PrometheusMeterRegistry> prometheus;
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private NodeMetrics(MeterRegistry registry, Optional<PrometheusMeterRegistry> prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /** The node's meters, JVM and process ones included, kept for scrapes. */
    public static NodeMetrics kept() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry, Optional.of(registry));
        metrics.bindProcessMeters();
        return metrics;
    }

    /**
     * No meters (`management.metrics: false`): a composite registry with nothing attached hands out no-op meters, so the
     * parts that count need no flag of their own, and the node serves no {@code /metrics}.
     */
    public static NodeMetrics off() {
        return new NodeMetrics(new CompositeMeterRegistry(), Optional.empty());
    }

    /** Whether meters are kept and scraped. */
    public boolean enabled() {
        return prometheus.isPresent();
    }

    private void bindProcessMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where the node's parts register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape, to register the meters of label values that appeared since the last. */
    public void beforeEachScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /**
     * Every meter, in the format {@code accept} asks for: OpenMetrics 1.0 text when it names
     * {@code application/openmetrics-text}, else the Prometheus text format 0.0.4 (what Prometheus falls back to).
     */
    public Scrape scrape(String accept) {
        beforeScrape.forEach(Runnable::run);
        boolean openMetrics = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
        String contentType = openMetrics ? OPEN_METRICS : PROMETHEUS_TEXT;
        return new Scrape(contentType, prometheus.orElseThrow(() -> new IllegalStateException("metrics are off")).scrape(contentType));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();

    }
}
