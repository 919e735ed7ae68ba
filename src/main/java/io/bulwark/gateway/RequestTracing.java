package io.bulwark.gateway;

import io.bulwark.gateway.openapi.MatchedOperation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * The spans of gateway requests (OpenTelemetry HTTP semantic conventions 1.x): a SERVER span per request, named for
 * the route template, never the raw path; under it a span per pipeline step, each the parent of the next since a step
 * wraps the rest of the chain, with the step's outcome and refusal reason; a CLIENT span per upstream call. No token,
 * header value or client address is recorded. Unsampled requests get no step spans, so only sampled ones cost more
 * than the trace ids the upstream needs anyway.
 */
public final class RequestTracing {

    private static final Tracer NO_TRACER = OpenTelemetry.noop().getTracer("io.bulwark.gateway");
    /** No spans and no propagation: for pipelines built in tests. A node always traces (export may be off). */
    public static final RequestTracing NONE = new RequestTracing(NO_TRACER, new TraceContext(List.of()));

    // Stable HTTP semantic conventions (https://opentelemetry.io/docs/specs/semconv/http/http-spans/).
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    // Bulwark's own, under its namespace.
    static final AttributeKey<String> API = AttributeKey.stringKey("bulwark.api");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("bulwark.operation_id");
    static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("bulwark.client_id");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("bulwark.request_id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("bulwark.step.outcome");
    static final AttributeKey<String> REFUSAL_REASON = AttributeKey.stringKey("bulwark.refusal.reason");

    // Semantic conventions: any other method is reported as _OTHER, so a caller cannot make up span names.
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    private final Tracer tracer;
    private final TraceContext traceContext;
    private final boolean active;

    /**
     * @param tracer       where spans are made (the SDK's, sampling and export configured by the node)
     * @param traceContext whose incoming {@code traceparent} is continued
     */
    public RequestTracing(Tracer tracer, TraceContext traceContext) {
        this.tracer = tracer;
        this.traceContext = traceContext;
        this.active = tracer != NO_TRACER;
    }

    /** False for {@link #NONE}: the pipeline then skips every span call. */
    boolean active() {
        return active;
    }

    Span startRequest(Exchange exchange) {
        String method = method(exchange.request().method());
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(traceContext.parentOf(exchange.request()))
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(METHOD, method);
            span.setAttribute(SCHEME, "https");
            span.setAttribute(REQUEST_ID, exchange.requestId());
        }
        return span;
    }

    void endRequest(Span span, Exchange exchange, GatewayResponse answer) {
        if (span.isRecording()) {
            exchange.operationIfKnown().ifPresent(operation -> {
                String route = route(exchange.request(), operation);
                span.updateName(method(exchange.request().method()) + " " + route);
                span.setAttribute(ROUTE, route);
                span.setAttribute(API, operation.apiName());
                span.setAttribute(OPERATION, operation.operation().operationId());
            });
            exchange.accessTokenIfKnown().ifPresent(token -> span.setAttribute(CLIENT_ID, token.clientId()));
            span.setAttribute(STATUS, (long) answer.status());
            if (answer.refused()) {
                span.setAttribute(REFUSAL_REASON, StepCounters.reasonOf(answer));
            }
            // Server spans: only a 5xx is an error; a refusal is the gateway doing its job (its step's span says why).
            if (answer.status() >= 500) {
                span.setAttribute(ERROR_TYPE, Integer.toString(answer.status()));
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    void fail(Span span, Throwable failure) {
        if (span.isRecording()) {
            // The class only: an exception's message may quote request data.
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    /** A step's span, the child of the span current on this thread (the request's, or the step that wraps this one). */
    Span startStep(String name) {
        return tracer.spanBuilder(name).startSpan();
    }

    void endStep(Span span, StepOutcome outcome, GatewayResponse answer) {
        span.setAttribute(OUTCOME, outcome.word());
        if (outcome == StepOutcome.REFUSED) {
            String reason = StepCounters.reasonOf(answer);
            span.setAttribute(REFUSAL_REASON, reason);
            span.setStatus(StatusCode.ERROR, reason);
        }
        span.end();
    }

    /** The CLIENT span of one call to an upstream, the child of the current span. */
    Span startUpstreamCall(String method, URI upstream) {
        Span span = tracer.spanBuilder(method(method)).setSpanKind(SpanKind.CLIENT).startSpan();
        if (span.isRecording()) {
            span.setAttribute(METHOD, method(method));
            span.setAttribute(SERVER_ADDRESS, upstream.getHost());
            span.setAttribute(SERVER_PORT, (long) (upstream.getPort() > 0 ? upstream.getPort() : 443));
        }
        return span;
    }

    void endUpstreamCall(Span span, GatewayResponse answer) {
        if (span.isRecording()) {
            span.setAttribute(STATUS, (long) answer.status());
            // Client spans: a 4xx is an error too (semantic conventions), the upstream refused what was sent.
            if (answer.status() >= 400) {
                span.setAttribute(ERROR_TYPE, Integer.toString(answer.status()));
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    void failUpstreamCall(Span span, Upstream.UpstreamException failure) {
        if (span.isRecording()) {
            String type = failure.timedOut() ? "timeout" : "unreachable";
            span.setAttribute(ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR, type);
        }
        span.end();
    }

    /** Makes {@code span} the current one on this thread until the returned scope closes. */
    static io.opentelemetry.context.Scope enter(Span span) {
        return Context.current().with(span).makeCurrent();
    }

    private static String method(String method) {
        return KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }

    /** The route as OpenAPI declares it, under the API's base path: {@code /bank/v1/accounts/{accountId}}. */
    private static String route(GatewayRequest request, MatchedOperation operation) {
        String path = request.path();
        String upstreamPath = operation.upstreamPath();
        String basePath = path.endsWith(upstreamPath) ? path.substring(0, path.length() - upstreamPath.length()) : "";
        return basePath + operation.operation().pathTemplate();
    }
}
