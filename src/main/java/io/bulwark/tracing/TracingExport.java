package io.bulwark.tracing;

import io.bulwark.config.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a node's spans go: with export off, a tracer that samples nothing new (trace ids still made, so upstreams
 * always get a {@code traceparent}) and records nothing; with export on, sampled spans batched through a bounded
 * queue to the OTLP/HTTP endpoint on a thread of the SDK's own, never the request's.
 */
public final class TracingExport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TracingExport.class);
    private static final String SCOPE = "io.bulwark.gateway";
    private static final Duration SCHEDULE_DELAY = Duration.ofSeconds(1);
    // One export per 2,048 spans, not the SDK's 512: each export's HTTP exchange cost the gateway benchmark 7 µs of CPU a
    // request at 512 (docs/OBSERVABILITY.md, "Cost"), and fewer, larger posts cost less.
    private static final int MAX_BATCH = 2048;

    private final SdkTracerProvider tracerProvider;
    private final Optional<SdkMeterProvider> meterProvider;
    private final DroppedSpans dropped;

    private TracingExport(SdkTracerProvider tracerProvider, Optional<SdkMeterProvider> meterProvider, DroppedSpans dropped) {
        this.tracerProvider = tracerProvider;
        this.meterProvider = meterProvider;
        this.dropped = dropped;
    }

    /** Sets up tracing as {@code config} says; export off costs a trace id per request and nothing else. */
    public static TracingExport start(TracingConfig config) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "bulwark")));
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder().setResource(resource);
        DroppedSpans dropped = new DroppedSpans();
        Optional<SdkMeterProvider> meters = Optional.empty();
        // A trusted caller's decision is followed (parent-based); new traces are sampled at the ratio, or not at all without export.
        builder.setSampler(Sampler.parentBased(config.exportEnabled() ? Sampler.traceIdRatioBased(config.samplingRatio())
                : Sampler.alwaysOff()));
        if (config.exportEnabled()) {
            SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(dropped).build();
            meters = Optional.of(meterProvider);
            OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(config.endpoint().orElseThrow().toString())
                    .setTimeout(config.exportTimeout());
            config.headers().forEach(exporter::addHeader);
            builder.addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
                    .setMaxQueueSize(config.maxQueueSize())
                    .setMaxExportBatchSize(Math.min(MAX_BATCH, config.maxQueueSize() / 2))
                    .setScheduleDelay(SCHEDULE_DELAY)
                    .setExporterTimeout(config.exportTimeout())
                    .setMeterProvider(meterProvider)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build());
            // The endpoint only: the headers may hold API keys.
            LOG.info("tracing: OTLP/HTTP export to {}, {} % of new traces sampled, queue of {} spans",
                    config.endpoint().orElseThrow(), config.samplingRatio() * 100, config.maxQueueSize());
        } else {
            builder.addSpanProcessor(new IdsOnly());
            LOG.info("tracing: export off; upstreams still receive a traceparent");
        }
        return new TracingExport(builder.build(), meters, dropped);
    }

    /** The tracer the gateway makes its spans with. */
    public Tracer tracer() {
        return tracerProvider.get(SCOPE);
    }

    /** Spans dropped since start because the export queue was full (the collector slow or down); 0 with export off. */
    public long droppedSpans() {
        return meterProvider.isPresent() ? dropped.count() : 0;
    }

    /** Exports what is queued (waiting at most the export timeout) and stops. */
    @Override
    public void close() {
        tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
        meterProvider.ifPresent(provider -> provider.shutdown().join(1, TimeUnit.SECONDS));
    }
}
