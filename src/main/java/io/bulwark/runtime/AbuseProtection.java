package io.bulwark.runtime;

import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.ratelimit.FailoverRateLimiter;
import io.bulwark.ratelimit.LocalRateLimiter;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.ratelimit.lockout.FallbackFailureCounters;
import io.bulwark.ratelimit.redis.RedisFailureCounters;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.ratelimit.redis.RedisRateLimiter;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * One node's abuse-protection machinery, built from {@code bulwark.yaml}: the rate limiter, the authentication guard
 * and the shared Redis link they use when one is configured.
 */
final class AbuseProtection implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final RedisLink redis;
    private final RateLimiter rateLimiter;
    private final AuthenticationGuard authenticationGuard;

    private AbuseProtection(RedisLink redis, RateLimiter rateLimiter, AuthenticationGuard authenticationGuard) {
        this.redis = redis;
        this.rateLimiter = rateLimiter;
        this.authenticationGuard = authenticationGuard;
    }

    /** @param counted wraps the rate limiter, so that the metrics see each decision */
    static AbuseProtection start(ProtectionConfig config, Store store, SecurityEventSink events, InstantSource clock,
                                 java.util.function.UnaryOperator<RateLimiter> counted) {
        RedisLink redis = config.redis() == null ? null : new RedisLink(config.redis());
        RateLimiter limiter = config.rateLimits().store() == RateLimitsConfig.Store.REDIS
                ? new FailoverRateLimiter(new RedisRateLimiter(redis, clock), redis::answers, new LocalRateLimiter(clock),
                        config.rateLimits().nodes(), events, clock, PROBE_INTERVAL)
                : new LocalRateLimiter(clock);
        return new AbuseProtection(redis, counted.apply(limiter),
                new AuthenticationGuard(failureCounters(store, redis), config.authenticationGuard(), events, clock));
    }

    /** The guard's failure counters: in Redis when configured (the store while Redis is away), else in the store. */
    static FailureCounters failureCounters(Store store, RedisLink redis) {
        return redis == null ? store.failureCounters()
                : new FallbackFailureCounters(new RedisFailureCounters(redis), store.failureCounters());
    }

    /** The link to the shared Redis, when one is configured (the management listener's readiness check pings it). */
    Optional<RedisLink> redis() {
        return Optional.ofNullable(redis);
    }

    AuthenticationGuard authenticationGuard() {
        return authenticationGuard;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public void close() {
        if (rateLimiter instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the rate limiter failed", e);
            }
        }
        if (redis != null) {
            redis.close();
        }
    }
}
