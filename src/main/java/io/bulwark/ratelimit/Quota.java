package io.bulwark.ratelimit;

import io.bulwark.config.RateLimitPolicyConfig.Period;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.config.RateLimitPolicyConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One bucket definition: {@code limit} tokens per window. An interval window, and a calendar period, is a fresh
 * bucket per window (its key carries the window), so that every node, and every header, agrees on when it resets;
 * a greedy window is one bucket whose tokens trickle back.
 *
 * @param name   the policy's name
 * @param limit  tokens per window
 * @param window the window (null for a calendar period)
 * @param period the calendar period, UTC (null for a window)
 * @param refill how tokens come back
 */
public record Quota(String name, long limit, Duration window, Period period, Refill refill) {

    public Quota {
        Objects.requireNonNull(name, "name");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if ((window == null) == (period == null)) {
            throw new IllegalArgumentException("exactly one of window and period");
        }
        if (period != null && refill == Refill.GREEDY) {
            throw new IllegalArgumentException("calendar quotas refill at the period's start");
        }
    }

    /** The quota a policy declares. */
    public static Quota of(RateLimitPolicyConfig policy) {
        return new Quota(policy.name(), policy.limit(), policy.window(), policy.period(), policy.refill());
    }

    /** This quota's share on one of {@code nodes} nodes (at least one token), for a node on its own. */
    public Quota dividedBy(int nodes) {
        return new Quota(name, Math.max(1, limit / nodes), window, period, refill);
    }

    /** The window length in seconds, as {@code RateLimit-Policy} states it ({@code w}). */
    public long windowSeconds() {
        if (window != null) {
            return Math.max(1, window.toSeconds());
        }
        return period == Period.DAY ? 86_400 : 31L * 86_400;
    }

    /** The bucket's name in a store: the window it counts, for interval and calendar quotas. */
    public String bucketSuffix(Instant now) {
        if (refill == Refill.GREEDY) {
            return "";
        }
        if (window != null) {
            return "@" + Math.floorDiv(now.toEpochMilli(), window.toMillis());
        }
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return period == Period.DAY ? "@" + day : "@" + day.getYear() + "-" + day.getMonthValue();
    }

    /** When the current interval window or calendar period ends (greedy quotas: null). */
    public Instant windowEnd(Instant now) {
        if (refill == Refill.GREEDY) {
            return null;
        }
        if (window != null) {
            long millis = window.toMillis();
            return Instant.ofEpochMilli((Math.floorDiv(now.toEpochMilli(), millis) + 1) * millis);
        }
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate next = period == Period.DAY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The Bucket4j configuration of one bucket of this quota. */
    public BucketConfiguration bucketConfiguration() {
        Bandwidth bandwidth = refill == Refill.GREEDY
                ? Bandwidth.builder().capacity(limit).refillGreedy(limit, window).id(name).build()
                // A fresh bucket per window: the refill is never reached before the key moves on.
                : Bandwidth.builder().capacity(limit).refillIntervally(limit, Duration.ofSeconds(windowSeconds())).id(name).build();
        return BucketConfiguration.builder().addLimit(bandwidth).build();
    }

    /** How long a bucket of this quota must be kept: until it is full again, or its window is over. */
    public Duration keep() {
        return Duration.ofSeconds(windowSeconds());
    }
}
