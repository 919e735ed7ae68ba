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

    /** Where a circuit stands: closed (calls pass), open (calls fail at once), half-open (the next call is a trial). */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The circuit's state now, for the metrics; no call is admitted or refused by asking. */
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
