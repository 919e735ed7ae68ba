package io.bulwark.ratelimit.lockout;

import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis while it answers, else in the database: a Redis outage must neither stop every token request
 * nor stop counting failures. Counts taken during an outage stay in the database and are not merged back.
 */
public final class FallbackFailureCounters implements FailureCounters {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackFailureCounters.class);

    private final FailureCounters primary;
    private final FailureCounters fallback;

    public FallbackFailureCounters(FailureCounters primary, FailureCounters fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public FailureState recordFailure(String key, Instant now, Duration window, int lockAt, Duration lockout) {
        try {
            return primary.recordFailure(key, now, window, lockAt, lockout);
        } catch (RuntimeException e) {
            warn(e);
            return fallback.recordFailure(key, now, window, lockAt, lockout);
        }
    }

    @Override
    public FailureState state(String key) {
        FailureState fromFallback = fallback.state(key);
        try {
            FailureState fromPrimary = primary.state(key);
            // A lockout taken while Redis was away still holds once it is back.
            return fromFallback.lockedUntil() != null && fromPrimary.lockedUntil() == null ? fromFallback : fromPrimary;
        } catch (RuntimeException e) {
            warn(e);
            return fromFallback;
        }
    }

    @Override
    public void clear(String key) {
        fallback.clear(key);
        primary.clear(key);
    }

    @Override
    public int addDistinct(String set, String member, Instant now, Duration window) {
        try {
            return primary.addDistinct(set, member, now, window);
        } catch (RuntimeException e) {
            warn(e);
            return fallback.addDistinct(set, member, now, window);
        }
    }

    private static void warn(RuntimeException e) {
        LOG.warn("authentication failure counters unavailable in Redis, using the database: {}", e.toString());
    }
}
