package io.bulwark.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in this process (the embedded default, and the fallback when Redis is unavailable). Buckets whose
 * window is over are swept, so that a flood of distinct keys (source addresses) cannot grow memory without bound.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** Past this many buckets a sweep runs on the next call. */
    private static final int SWEEP_ABOVE = 100_000;
    private static final long SWEEP_EVERY_MILLIS = 10_000;

    /** A bucket and the time after which forgetting it changes nothing. */
    private static final class Entry {
        private final Bucket bucket;
        private volatile Instant keepUntil;

        private Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    private final InstantSource clock;
    private final InstantTimeMeter timeMeter;
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    public LocalRateLimiter(InstantSource clock) {
        this.clock = clock;
        this.timeMeter = new InstantTimeMeter(clock);
        this.nextSweep = new AtomicLong(clock.millis() + SWEEP_EVERY_MILLIS);
    }

    @Override
    public Decision tryConsume(Quota quota, String key) {
        Instant now = clock.instant();
        sweepIfDue(now);
        String bucketKey = quota.name() + "|" + key + quota.bucketSuffix(now);
        Entry entry = buckets.computeIfAbsent(bucketKey, ignored -> new Entry(
                Bucket.builder().withCustomTimePrecision(timeMeter).addLimit(quota.bucketConfiguration().getBandwidths()[0]).build()));
        entry.keepUntil = keepUntil(quota, now);
        ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
        return Decisions.of(quota, probe, now);
    }

    /** How many buckets are held (for tests of the sweep). */
    public int size() {
        return buckets.size();
    }

    /** Interval buckets: the end of their window; greedy ones: a whole window after their last use. */
    private static Instant keepUntil(Quota quota, Instant now) {
        Instant end = quota.windowEnd(now);
        return end != null ? end : now.plus(quota.keep());
    }

    private void sweepIfDue(Instant now) {
        long due = nextSweep.get();
        if ((now.toEpochMilli() < due && buckets.size() < SWEEP_ABOVE)
                || !nextSweep.compareAndSet(due, now.toEpochMilli() + SWEEP_EVERY_MILLIS)) {
            return;
        }
        // An interval bucket whose window is over is never used again; a greedy bucket untouched for a whole window
        // is full again. Forgetting either changes nothing.
        buckets.values().removeIf(entry -> !entry.keepUntil.isAfter(now));
    }
}
