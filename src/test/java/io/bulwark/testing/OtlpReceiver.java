package io.bulwark.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver for tests: accepts {@code POST /v1/traces} with a protobuf {@code ExportTraceServiceRequest}
 * (OTLP 1.x, parsed with the protocol's own classes), keeps every span and the headers each export came with.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A received span, its ids in lower-case hex (the parent's empty for a root). */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind,
                               Map<String, Object> attributes, boolean error, String statusMessage) {
    }

    private final HttpServer server;
    private final boolean keep;
    private final Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
    private final Queue<Map<String, List<String>>> exportHeaders = new ConcurrentLinkedQueue<>();
    private final LongAdder received = new LongAdder();

    private OtlpReceiver(HttpServer server, boolean keep) {
        this.server = server;
        this.keep = keep;
    }

    /** Listens on a free port of 127.0.0.1 and keeps every span. */
    public static OtlpReceiver start() {
        return start(true);
    }

    /** Listens on a free port of 127.0.0.1; parses every export, and keeps its spans only when {@code keep} (benchmarks count). */
    public static OtlpReceiver start(boolean keep) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server, keep);
            server.createContext("/v1/traces", exchange -> {
                try (exchange) {
                    if (!exchange.getRequestMethod().equals("POST")
                            || !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                        exchange.sendResponseHeaders(415, -1);
                        return;
                    }
                    InputStream body = exchange.getRequestBody();
                    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                        body = new GZIPInputStream(body);
                    }
                    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                    if (receiver.keep) {
                        receiver.exportHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
                    }
                    for (ResourceSpans resource : request.getResourceSpansList()) {
                        for (ScopeSpans scope : resource.getScopeSpansList()) {
                            receiver.received.add(scope.getSpansCount());
                            if (receiver.keep) {
                                scope.getSpansList().forEach(span -> receiver.spans.add(convert(span)));
                            }
                        }
                    }
                    byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReceivedSpan convert(io.opentelemetry.proto.trace.v1.Span span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            AnyValue value = attribute.getValue();
            attributes.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> value.getIntValue();
                case BOOL_VALUE -> value.getBoolValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                default -> value.toString();
            });
        }
        HexFormat hex = HexFormat.of();
        return new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind().name(), attributes,
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getMessage());
    }

    /** {@code http://127.0.0.1:<port>/v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Every span received so far. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** How many spans arrived so far, kept or not. */
    public long received() {
        return received.sum();
    }

    /** The headers of each export request received so far. */
    public List<Map<String, List<String>>> exportHeaders() {
        return List.copyOf(exportHeaders);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
