package io.bulwark.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Failed authentications counted under one key.
 *
 * @param failures    failures since the count last started
 * @param lastFailure when the last one happened (null when none)
 * @param lockedUntil when a lockout ends (null when not locked)
 */
public record FailureState(int failures, Instant lastFailure, Instant lockedUntil) {

    public static final FailureState NONE = new FailureState(0, null, null);

    /**
     * The state after one more failure at {@code now}, the rule every adapter applies: the count starts again after a
     * quiet {@code window} or an ended lockout, and the key locks for {@code lockout} when the count reaches {@code lockAt}.
     */
    public FailureState afterFailure(Instant now, Duration window, int lockAt, Duration lockout) {
        boolean restart = lastFailure == null || !lastFailure.plus(window).isAfter(now)
                || (lockedUntil != null && !lockedUntil.isAfter(now));
        int count = restart ? 1 : failures + 1;
        Instant locked = restart ? null : lockedUntil;
        if (count >= lockAt && locked == null) {
            locked = now.plus(lockout);
        }
        return new FailureState(count, now, locked);
    }

    /** True while a lockout is in force at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
