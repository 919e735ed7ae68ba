package io.bulwark.ratelimit.redis;

import io.bulwark.ratelimit.Decision;
import io.bulwark.ratelimit.Decisions;
import io.bulwark.ratelimit.InstantTimeMeter;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimiter;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Token buckets that every node shares: one Redis key per bucket, changed only by compare-and-swap (Bucket4j's
 * Lettuce proxy), so that N nodes admit exactly the limit between them, never more.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Buckets are kept this much longer than they need to be, so clock skew between nodes cannot reset one early. */
    private static final Duration KEEP_EXTRA = Duration.ofSeconds(10);

    private final RedisLink link;
    private final InstantSource clock;
    private final InstantTimeMeter timeMeter;
    private volatile StatefulRedisConnection<byte[], byte[]> connectedTo;
    private volatile ProxyManager<byte[]> buckets;

    public RedisRateLimiter(RedisLink link, InstantSource clock) {
        this.link = link;
        this.clock = clock;
        this.timeMeter = new InstantTimeMeter(clock);
    }

    @Override
    public Decision tryConsume(Quota quota, String key) {
        Instant now = clock.instant();
        // The limit and window are part of the key: a changed policy starts fresh buckets instead of inheriting old ones.
        String bucketKey = link.keyPrefix() + "rl:" + quota.name() + ":" + quota.limit() + "/" + quota.windowSeconds() + ":"
                + key + quota.bucketSuffix(now);
        try {
            ConsumptionProbe probe = buckets().builder()
                    .build(bucketKey.getBytes(StandardCharsets.UTF_8), quota::bucketConfiguration)
                    .tryConsumeAndReturnRemaining(1);
            return Decisions.of(quota, probe, now);
        } catch (RuntimeException e) {
            throw new RateLimitStoreException("the shared rate-limit store failed", e);
        }
    }

    private ProxyManager<byte[]> buckets() {
        StatefulRedisConnection<byte[], byte[]> connection = link.bytes();
        if (connection != connectedTo) {
            synchronized (this) {
                if (connection != connectedTo) {
                    buckets = Bucket4jLettuce.casBasedBuilder(connection)
                            .clientClock(timeMeter)
                            .requestTimeout(link.timeout())
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_EXTRA))
                            .build();
                    connectedTo = connection;
                }
            }
        }
        return buckets;
    }
}
