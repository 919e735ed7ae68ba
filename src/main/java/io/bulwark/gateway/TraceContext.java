package io.bulwark.gateway;

import io.bulwark.http.TraceParent;

/**
 * W3C Trace Context: the {@code traceparent} the gateway sends upstream. A valid incoming
 * traceparent keeps its trace id (the gateway becomes the parent of the upstream's span); anything
 * else starts a new trace, so a malformed header never reaches the upstream. The trace is chosen once per request
 * ({@link Exchange#trace()}), so that its log lines carry the trace id the upstream receives.
 */
public final class TraceContext {

    private TraceContext() {
    }

    /** The traceparent for the upstream call, continuing {@code incoming} when it is valid. */
    public static String forUpstream(String incoming) {
        return TraceParent.continuing(incoming).withNewParent();
    }

    /** The traceparent for the upstream call of {@code exchange}: its trace, with the gateway as the parent. */
    public static String forUpstream(Exchange exchange) {
        return exchange.trace().withNewParent();
    }
}
