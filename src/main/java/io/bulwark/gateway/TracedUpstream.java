package io.bulwark.gateway;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An upstream whose every call is a CLIENT span and carries that span's {@code traceparent} (W3C Trace Context §3.2),
 * so the upstream's own span is its child. Placed inside the retries, each attempt is a span of its own; any
 * trace header already in the request is replaced, so only the gateway's reaches the upstream.
 */
public final class TracedUpstream implements Upstream {

    private final Upstream upstream;
    private final URI url;
    private final RequestTracing tracing;

    /**
     * @param upstream the upstream actually called
     * @param url      its base URL, for the span's server address and port
     * @param tracing  where the span is made
     */
    public TracedUpstream(Upstream upstream, URI url, RequestTracing tracing) {
        this.upstream = upstream;
        this.url = url;
        this.tracing = tracing;
    }

    @Override
    public GatewayResponse send(Request request) throws UpstreamException {
        Span span = tracing.startUpstreamCall(request.method(), url);
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase(TraceContext.TRACEPARENT) || name.equalsIgnoreCase(TraceContext.TRACESTATE));
        TraceContext.inject(span, headers);
        try (Scope scope = RequestTracing.enter(span)) {
            GatewayResponse answer = upstream.send(new Request(request.method(), request.pathAndQuery(), headers, request.body()));
            tracing.endUpstreamCall(span, answer);
            return answer;
        } catch (UpstreamException e) {
            tracing.failUpstreamCall(span, e);
            throw e;
        } catch (RuntimeException e) {
            tracing.fail(span, e);
            throw e;
        }
    }
}
