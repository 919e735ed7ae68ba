package io.bulwark.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One rate limit or quota: {@code limit} requests per {@code window} (or per calendar {@code period}),
 * counted in one bucket per distinct value of {@code key}, for the requests its filters select.
 *
 * @param name      the policy's name in the {@code RateLimit-Policy} and {@code RateLimit} headers
 * @param key       what tells buckets apart (client, user, source IP, API, operation), at least one part
 * @param limit     requests admitted per window
 * @param window    the refill window; null when {@code period} is set
 * @param period    a calendar quota period (UTC); null when {@code window} is set
 * @param refill    how tokens come back within a window
 * @param api       only requests to this API (null: every API)
 * @param operation only requests to this operationId (null: every operation)
 * @param tier      only requests by clients of this tier (null: every client)
 */
public record RateLimitPolicyConfig(String name, List<KeyPart> key, long limit, Duration window, Period period, Refill refill,
                                    String api, String operation, String tier) {

    /** What a bucket's key is made of. */
    public enum KeyPart {
        CLIENT, USER, IP, API, OPERATION;

        /** True for parts known only once the access token is verified. */
        public boolean needsIdentity() {
            return this == CLIENT || this == USER;
        }
    }

    /** Calendar quota periods, in UTC. */
    public enum Period { DAY, MONTH }

    /**
     * {@code INTERVAL}: the whole limit comes back at each window boundary (aligned to the epoch, so every node and
     * every header agrees on when); {@code GREEDY}: tokens trickle back evenly across the window.
     */
    public enum Refill { INTERVAL, GREEDY }

    public RateLimitPolicyConfig {
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a rate limit needs at least one key part");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if ((window == null) == (period == null)) {
            throw new IllegalArgumentException("exactly one of window and period");
        }
        Objects.requireNonNull(refill, "refill");
    }

    /** True when the policy can be applied only after authentication (its key or its tier filter names the client or user). */
    public boolean needsIdentity() {
        return tier != null || key.stream().anyMatch(KeyPart::needsIdentity);
    }
}
