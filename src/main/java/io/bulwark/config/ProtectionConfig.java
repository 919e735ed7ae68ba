package io.bulwark.config;

import java.util.Objects;

/**
 * Abuse protection: the shared Redis (if any), rate limits, denial-of-service limits and the
 * authentication guard.
 *
 * @param redis               the Redis server nodes share; null when none is configured
 * @param rateLimits          the gateway's rate limits and quotas
 * @param limits              connection and request limits
 * @param authenticationGuard failed-authentication counting, delay and lockout
 */
public record ProtectionConfig(RedisConfig redis, RateLimitsConfig rateLimits, RequestLimitsConfig limits,
                               AuthenticationGuardConfig authenticationGuard) {

    public ProtectionConfig {
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(authenticationGuard, "authenticationGuard");
        if (rateLimits.store() == RateLimitsConfig.Store.REDIS && redis == null) {
            throw new IllegalArgumentException("rate limits on redis need a redis configuration");
        }
    }

    /** Everything at its default, without Redis. */
    public static ProtectionConfig defaults() {
        return new ProtectionConfig(null, RateLimitsConfig.defaults(), RequestLimitsConfig.defaults(),
                AuthenticationGuardConfig.defaults());
    }
}
