package io.bulwark.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code tracing}: OpenTelemetry traces of gateway requests and their OTLP export (off by default), and whose W3C
 * {@code traceparent} the gateway continues.
 *
 * @param exportEnabled            whether spans are recorded and exported; off, the gateway still propagates a
 *                                 {@code traceparent} upstream but records nothing
 * @param endpoint                 the collector's OTLP/HTTP traces URL (present when export is enabled)
 * @param headers                  headers sent with each export, values already read (they may be API keys: never logged)
 * @param samplingRatio            the share of new traces recorded, 0 to 1; a continued trace follows its caller's decision
 * @param exportTimeout            how long one export may take
 * @param maxQueueSize             spans waiting for export; beyond it new spans are dropped (and counted), never waited for
 * @param trustedTraceparentFrom   the networks whose {@code traceparent} is continued; from anywhere else a new trace starts
 */
public record TracingConfig(boolean exportEnabled, Optional<URI> endpoint, Map<String, String> headers, double samplingRatio,
                            Duration exportTimeout, int maxQueueSize, List<IpNetwork> trustedTraceparentFrom) {

    public static final double DEFAULT_SAMPLING_RATIO = 0.1;
    public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_QUEUE_SIZE = 8192;
    /** Export off, no network trusted: what a file without {@code tracing} gets. */
    public static final TracingConfig OFF = new TracingConfig(false, Optional.empty(), Map.of(), DEFAULT_SAMPLING_RATIO,
            DEFAULT_EXPORT_TIMEOUT, DEFAULT_MAX_QUEUE_SIZE, List.of());

    public TracingConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(exportTimeout, "exportTimeout");
        trustedTraceparentFrom = List.copyOf(trustedTraceparentFrom);
        if (exportEnabled && endpoint.isEmpty()) {
            throw new IllegalArgumentException("export enabled without an endpoint");
        }
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("sampling ratio " + samplingRatio + " outside 0..1");
        }
    }

    @Override
    public String toString() {
        // Header values may be API keys: only their names are shown.
        return "TracingConfig[exportEnabled=" + exportEnabled + ", endpoint=" + endpoint + ", headers=" + headers.keySet()
                + ", samplingRatio=" + samplingRatio + ", exportTimeout=" + exportTimeout + ", maxQueueSize=" + maxQueueSize
                + ", trustedTraceparentFrom=" + trustedTraceparentFrom + "]";
    }
}
