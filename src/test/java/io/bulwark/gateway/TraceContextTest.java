package io.bulwark.gateway;

import io.bulwark.config.IpNetwork;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one W3C Trace Context rule: a caller's traceparent is continued only from a trusted network and only when it
 * parses; every upstream call carries the traceparent of its own CLIENT span, so a malformed header never reaches it.
 */
class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    @AfterEach
    void close() {
        provider.close();
    }

    private static GatewayRequest from(String address, Map<String, List<String>> headers) {
        return new GatewayRequest("GET", "/bank/v1/products", null, headers, null, address, null);
    }

    private static GatewayRequest from(String address, String traceparent) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (traceparent != null) {
            headers.put("traceparent", List.of(traceparent));
        }
        headers.put("tracestate", List.of("vendor=abc"));
        return from(address, headers);
    }

    private static SpanContext parent(TraceContext rule, GatewayRequest request) {
        return Span.fromContext(rule.parentOf(request)).getSpanContext();
    }

    @Test
    void aTrustedNetworksValidTraceparentIsContinued() {
        TraceContext rule = new TraceContext(List.of(IpNetwork.parse("10.20.0.0/16")));
        SpanContext parent = parent(rule, from("10.20.3.4", VALID));
        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.getTraceState().get("vendor")).isEqualTo("abc");
    }

    @Test
    void fromAnyOtherNetworkOrByDefaultANewTraceStarts() {
        assertThat(parent(new TraceContext(List.of()), from("10.20.3.4", VALID)).isValid()).as("nothing trusted by default").isFalse();
        TraceContext rule = new TraceContext(List.of(IpNetwork.parse("10.20.0.0/16")));
        assertThat(parent(rule, from("10.21.3.4", VALID)).isValid()).isFalse();
        assertThat(parent(rule, from(null, VALID)).isValid()).isFalse();
    }

    @Test
    void aMalformedTraceparentIsNeverContinuedEvenFromATrustedNetwork() {
        TraceContext rule = new TraceContext(List.of(IpNetwork.parse("0.0.0.0/0")));
        List<String> malformed = new ArrayList<>(List.of("", "garbage",
                // W3C Trace Context §3.2.2.3 and §3.2.2.4: all-zero ids are invalid.
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                // §3.2.2: lower-case hex only; version ff is invalid; version 00 has exactly this length.
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                VALID + "-extra",
                VALID + "\r\nX-Evil: 1"));
        for (String bad : malformed) {
            assertThat(parent(rule, from("10.1.1.1", bad)).isValid()).as("%s", bad).isFalse();
        }
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("traceparent", List.of(VALID, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertThat(parent(rule, from("10.1.1.1", twice)).isValid()).as("two traceparent fields are none").isFalse();
    }

    @Test
    void theUpstreamGetsTheTraceparentOfItsOwnClientSpanNeverTheCallersHeader() throws Exception {
        RequestTracing tracing = new RequestTracing(provider.get("test"), new TraceContext(List.of()));
        List<Upstream.Request> sent = new ArrayList<>();
        Upstream upstream = new TracedUpstream(request -> {
            sent.add(request);
            return new GatewayResponse(200, Map.of(), new byte[0], null, null);
        }, URI.create("https://bank.internal:8444/core"), tracing);
        Span server = provider.get("test").spanBuilder("GET").setSpanKind(SpanKind.SERVER).setParent(Context.root()).startSpan();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("TraceParent", List.of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
        headers.put("tracestate", List.of("evil=1"));
        try (Scope scope = server.makeCurrent()) {
            upstream.send(new Upstream.Request("GET", "/products", headers, new byte[0]));
        }
        server.end();

        SpanData client = spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
        assertThat(client.getAttributes().asMap()).containsValue("bank.internal").containsValue(8444L).containsValue(200L);
        Map<String, List<String>> forwarded = sent.getFirst().headers();
        assertThat(forwarded.keySet()).as("one traceparent, the gateway's").containsExactlyInAnyOrder("traceparent");
        // Flags 01 (sampled), or 03 with the W3C Trace Context Level 2 "random trace id" bit that the SDK sets.
        assertThat(forwarded.get("traceparent")).singleElement().asString()
                .matches("00-" + client.getTraceId() + "-" + client.getSpanId() + "-0[13]");
    }

    @Test
    void theCurrentTraceIdIsTheRequestsForLogLines() {
        assertThat(TraceContext.currentTraceId()).isEmpty();
        Span span = provider.get("test").spanBuilder("GET").startSpan();
        try (Scope scope = span.makeCurrent()) {
            assertThat(TraceContext.currentTraceId()).contains(span.getSpanContext().getTraceId());
        } finally {
            span.end();
        }
    }
}
