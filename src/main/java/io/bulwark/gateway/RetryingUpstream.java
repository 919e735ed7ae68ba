package io.bulwark.gateway;

import java.time.Duration;
import java.util.Set;

/**
 * Retries a request once when the upstream could not be reached, but only for idempotent methods
 * (RFC 9110 §9.2.2): repeating a POST could pay twice. A timeout is not retried, since the
 * upstream may still be working on the first attempt.
 */
public final class RetryingUpstream implements Upstream {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final Upstream upstream;
    private final Duration pause;

    public RetryingUpstream(Upstream upstream, Duration pause) {
        this.upstream = upstream;
        this.pause = pause;
    }

    @Override
    public GatewayResponse send(Request request) throws UpstreamException {
        try {
            return upstream.send(request);
        } catch (UpstreamException first) {
            if (first.timedOut() || first.circuitOpen() || !IDEMPOTENT.contains(request.method())) {
                throw first;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw first;
            }
            return upstream.send(request);
        }
    }
}
