package io.bulwark.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads, on demand, how many spans the batch processor dropped because its queue was full (the SDK's own
 * {@code otel.sdk.processor.span.processed} counter with {@code error.type}), so an exporter that is down shows as
 * a number rather than as slow requests.
 */
final class DroppedSpans implements MetricReader {

    static final String PROCESSED = "otel.sdk.processor.span.processed";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    /** Spans dropped since start. */
    long count() {
        long dropped = 0;
        for (MetricData metric : registration.collectAllMetrics()) {
            if (metric.getName().equals(PROCESSED) && metric.getType() == MetricDataType.LONG_SUM) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    if (point.getAttributes().get(ERROR_TYPE) != null) {
                        dropped += point.getValue();
                    }
                }
            }
        }
        return dropped;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
