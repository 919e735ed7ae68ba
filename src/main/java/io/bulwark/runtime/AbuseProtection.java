package io.bulwark.runtime;

import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.ratelimit.FailoverRateLimiter;
import io.bulwark.ratelimit.LocalRateLimiter;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.ratelimit.redis.RedisRateLimiter;
import java.time.Duration;
import java.time.InstantSource;

/** One node's abuse-protection machinery, built from {@code bulwark.yaml}: the rate limiter and the shared Redis link. */
final class AbuseProtection implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final RedisLink redis;
    private final RateLimiter rateLimiter;

    private AbuseProtection(RedisLink redis, RateLimiter rateLimiter) {
        this.redis = redis;
        this.rateLimiter = rateLimiter;
    }

    static AbuseProtection start(ProtectionConfig config, SecurityEventSink events, InstantSource clock) {
        RedisLink redis = config.redis() == null ? null : new RedisLink(config.redis());
        RateLimiter limiter = config.rateLimits().store() == RateLimitsConfig.Store.REDIS
                ? new FailoverRateLimiter(new RedisRateLimiter(redis, clock), redis::answers, new LocalRateLimiter(clock),
                        config.rateLimits().nodes(), events, clock, PROBE_INTERVAL)
                : new LocalRateLimiter(clock);
        return new AbuseProtection(redis, limiter);
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
