package io.bulwark.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's rate limits and quotas.
 *
 * @param store       where buckets live: {@code LOCAL} (in this process) or {@code REDIS} (shared by every node)
 * @param nodes       how many nodes share the load; each divides its limits by this when Redis is unavailable
 * @param clientTiers the tier of each client that has one, by client_id (others are in tier {@code default})
 * @param policies    the limits, each applied to the requests its filters select
 */
public record RateLimitsConfig(Store store, int nodes, Map<String, String> clientTiers, List<RateLimitPolicyConfig> policies) {

    /** The tier of clients listed under no tier. */
    public static final String DEFAULT_TIER = "default";

    /** Where buckets live. */
    public enum Store { LOCAL, REDIS }

    public RateLimitsConfig {
        Objects.requireNonNull(store, "store");
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1");
        }
        clientTiers = Map.copyOf(clientTiers);
        policies = List.copyOf(policies);
    }

    /** Requests a minute per source IP when {@code rate-limits} is absent. */
    public static final int DEFAULT_PER_IP_PER_MINUTE = 1200;

    /** The default when {@code rate-limits} is absent: 1200 requests a minute per source IP, in this process. */
    public static RateLimitsConfig defaults() {
        return perIpPerMinute(DEFAULT_PER_IP_PER_MINUTE);
    }

    /** One policy, {@code per-ip}: {@code limit} requests a minute per source IP, in this process. */
    public static RateLimitsConfig perIpPerMinute(long limit) {
        return new RateLimitsConfig(Store.LOCAL, 1, Map.of(), List.of(new RateLimitPolicyConfig("per-ip",
                List.of(RateLimitPolicyConfig.KeyPart.IP), limit, java.time.Duration.ofMinutes(1), null,
                RateLimitPolicyConfig.Refill.INTERVAL, null, null, null)));
    }

    /** The tier of {@code clientId}. */
    public String tierOf(String clientId) {
        return Optional.ofNullable(clientId).map(clientTiers::get).orElse(DEFAULT_TIER);
    }
}
