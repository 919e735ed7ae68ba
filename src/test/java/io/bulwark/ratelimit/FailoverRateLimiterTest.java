package io.bulwark.ratelimit;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.ratelimit.redis.RedisRateLimiter;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A private redis-server that the test kills and restarts: local shares while it is gone, shared buckets once it is back. */
class FailoverRateLimiterTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T10:00:15Z"));
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final Quota quota = new Quota("per-client", 9, Duration.ofMinutes(1), null, Refill.INTERVAL);

    @Test
    void fallsBackToTheNodesShareRaisesAnEventAndReturnsWhenRedisIsBack() throws Exception {
        try (TestRedis.PrivateServer redis = new TestRedis.PrivateServer(dir).start();
             RedisLink link = new RedisLink(TestRedis.config(redis.port(), TestRedis.newKeyPrefix()));
             FailoverRateLimiter limiter = new FailoverRateLimiter(new RedisRateLimiter(link, clock), link::answers,
                     new LocalRateLimiter(clock), 3, events::add, clock, Duration.ofMillis(100))) {

            Decision shared = limiter.tryConsume(quota, "partner");
            assertThat(shared.quota().limit()).isEqualTo(9);
            assertThat(shared.remaining()).isEqualTo(8);
            assertThat(limiter.usingSharedStore()).isTrue();

            redis.kill();
            // Redis is gone: this node admits its share, 9 / 3 = 3, from local buckets.
            List<Decision> alone = List.of(limiter.tryConsume(quota, "partner"), limiter.tryConsume(quota, "partner"),
                    limiter.tryConsume(quota, "partner"), limiter.tryConsume(quota, "partner"));
            assertThat(alone).extracting(Decision::admitted).containsExactly(true, true, true, false);
            assertThat(alone).extracting(d -> d.quota().limit()).containsOnly(3L);
            assertThat(limiter.usingSharedStore()).isFalse();
            assertThat(events).extracting(SecurityEvent::type).containsExactly("rate_limit_store_unavailable");

            redis.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!limiter.usingSharedStore() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(limiter.usingSharedStore()).as("back on Redis after it restarted").isTrue();
            assertThat(events).extracting(SecurityEvent::type).containsExactly("rate_limit_store_unavailable", "rate_limit_store_recovered");
            // The restarted server kept nothing (--save ''), so the shared bucket starts full again.
            Decision back = limiter.tryConsume(quota, "partner");
            assertThat(back.admitted()).isTrue();
            assertThat(back.quota().limit()).isEqualTo(9);
            assertThat(back.remaining()).isEqualTo(8);
        }
    }

    @Test
    void aNodeThatStartsWhileRedisIsDownLimitsLocallyFromTheStart() throws Exception {
        try (TestRedis.PrivateServer redis = new TestRedis.PrivateServer(dir);
             RedisLink link = new RedisLink(TestRedis.config(redis.port(), TestRedis.newKeyPrefix()));
             FailoverRateLimiter limiter = new FailoverRateLimiter(new RedisRateLimiter(link, clock), link::answers,
                     new LocalRateLimiter(clock), 3, events::add, clock, Duration.ofMillis(100))) {
            assertThat(limiter.tryConsume(quota, "partner").quota().limit()).isEqualTo(3);
            assertThat(events).extracting(SecurityEvent::type).containsExactly("rate_limit_store_unavailable");

            redis.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!limiter.usingSharedStore() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(limiter.tryConsume(quota, "partner").quota().limit()).isEqualTo(9);
        }
    }
}
