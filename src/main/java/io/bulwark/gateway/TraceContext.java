package io.bulwark.gateway;

import io.bulwark.config.IpNetwork;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * W3C Trace Context at the gateway, the one rule: a client's {@code traceparent} is continued only when it comes from a
 * trusted network and parses (W3C Trace Context §3.2); from anywhere else, or malformed, a new trace starts, so a
 * caller's header never reaches an upstream as it was sent. Every upstream call carries the {@code traceparent} of its
 * own CLIENT span (and the {@code tracestate} of a continued trace, §3.3), written by {@link #inject}.
 */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<GatewayRequest> REQUEST = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(GatewayRequest request) {
            return request.headers().keySet();
        }

        @Override
        public String get(GatewayRequest request, String name) {
            return request == null ? null : request.header(name);
        }
    };
    private static final TextMapSetter<Map<String, List<String>>> HEADERS = (headers, name, value) -> headers.put(name, List.of(value));

    private final List<IpNetwork> trusted;

    /** @param trusted the networks whose {@code traceparent} is continued; empty: none is */
    public TraceContext(List<IpNetwork> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** The parent of {@code request}'s server span: the caller's trace when trusted and well-formed, else none (a new trace). */
    public Context parentOf(GatewayRequest request) {
        if (trusted.isEmpty() || !trusts(request.remoteAddress())) {
            return Context.root();
        }
        // §3.2: more than one traceparent field is no traceparent at all.
        if (request.headers(TRACEPARENT).size() != 1) {
            return Context.root();
        }
        Context extracted = W3C.extract(Context.root(), request, REQUEST);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : Context.root();
    }

    private boolean trusts(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        for (IpNetwork network : trusted) {
            if (network.contains(remoteAddress)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code traceparent}, and {@code tracestate} when the trace has one, for {@code span}; nothing for an invalid span. */
    public static void inject(Span span, Map<String, List<String>> headers) {
        W3C.inject(Context.root().with(span), headers, HEADERS);
    }

    /** The trace id of the request this thread is working on (lower-case hex), for log lines; empty outside a request. */
    public static Optional<String> currentTraceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }
}
