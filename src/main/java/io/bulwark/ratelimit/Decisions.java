package io.bulwark.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.Instant;

/** Turns a Bucket4j probe into a {@link Decision}, with reset times that every node computes alike. */
public final class Decisions {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Decisions() {
    }

    public static Decision of(Quota quota, ConsumptionProbe probe, Instant now) {
        Instant end = quota.windowEnd(now);
        long reset;
        long retryAfter;
        if (end != null) {
            // Interval and calendar buckets are full again exactly at the window's end, on every node.
            reset = ceilSeconds(Duration.between(now, end).toNanos());
            retryAfter = probe.isConsumed() ? 0 : reset;
        } else {
            reset = ceilSeconds(probe.getNanosToWaitForReset());
            retryAfter = probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        }
        return new Decision(quota, probe.isConsumed(), probe.getRemainingTokens(), reset, retryAfter);
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
