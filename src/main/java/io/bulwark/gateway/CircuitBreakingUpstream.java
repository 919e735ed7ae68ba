package io.bulwark.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A circuit breaker per upstream: after {@code threshold} failures in a row, calls fail at once for
 * {@code openFor} instead of piling up on a dead upstream; then one trial call decides whether
 * the circuit closes again. 5xx answers count as failures; the answer itself is still returned.
 */
public final class CircuitBreakingUpstream implements Upstream {

    private final Upstream upstream;
    private final int threshold;
    private final Duration openFor;
    private final InstantSource clock;
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;

    /** Where the breaker stands: passing calls, refusing them, or letting one trial call through. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    public CircuitBreakingUpstream(Upstream upstream, int threshold, Duration openFor, InstantSource clock) {
        this.upstream = upstream;
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    @Override
    public GatewayResponse send(Request request) throws UpstreamException {
        admit();
        GatewayResponse response;
        try {
            response = upstream.send(request);
        } catch (UpstreamException e) {
            recordFailure();
            throw e;
        }
        if (response.status() >= 500) {
            recordFailure();
        } else {
            recordSuccess();
        }
        return response;
    }

    /** The breaker's state now, for health checks and metrics; reading it changes nothing. */
    public synchronized State state() {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    private synchronized void admit() throws UpstreamException {
        if (openUntil == null) {
            return;
        }
        if (clock.instant().isBefore(openUntil) || trialInFlight) {
            throw UpstreamException.circuitOpen(openUntil);
        }
        trialInFlight = true; // half-open: this call is the trial
    }

    private synchronized void recordFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
        }
    }

    private synchronized void recordSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
        openUntil = null;
    }
}
