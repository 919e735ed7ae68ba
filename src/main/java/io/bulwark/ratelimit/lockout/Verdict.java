package io.bulwark.ratelimit.lockout;

import java.time.Duration;

/**
 * Whether an attempt may be checked at all.
 *
 * @param allowed    true when the credential may be checked
 * @param retryAfter when refused, how long until the next attempt is allowed
 * @param reason     when refused, {@code locked} or {@code delayed}; the same for existing and unknown identities
 */
public record Verdict(boolean allowed, Duration retryAfter, String reason) {

    public static final Verdict ALLOWED = new Verdict(true, Duration.ZERO, null);

    static Verdict locked(Duration retryAfter) {
        return new Verdict(false, retryAfter, "locked");
    }

    static Verdict delayed(Duration retryAfter) {
        return new Verdict(false, retryAfter, "delayed");
    }

    /** Seconds for a {@code Retry-After} field, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
