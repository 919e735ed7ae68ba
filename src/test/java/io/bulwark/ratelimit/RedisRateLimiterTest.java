package io.bulwark.ratelimit;

import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.config.RedisConfig;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.ratelimit.redis.RedisRateLimiter;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Buckets on the real Redis, shared by several limiters as several nodes would share them. */
class RedisRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T10:00:15Z"));

    @Test
    void threeNodesConsumingConcurrentlyAdmitExactlyTheLimit() throws Exception {
        TestRedis.assumeAvailable();
        RedisConfig config = TestRedis.sharedConfig();
        Quota quota = new Quota("shared", 37, Duration.ofMinutes(1), null, Refill.INTERVAL);
        List<RedisLink> links = List.of(new RedisLink(config), new RedisLink(config), new RedisLink(config));
        try {
            List<RedisRateLimiter> nodes = links.stream().map(link -> new RedisRateLimiter(link, clock)).toList();
            List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(12)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    RedisRateLimiter node = nodes.get(i % 3);
                    futures.add(pool.submit(() -> {
                        start.await();
                        decisions.add(node.tryConsume(quota, "partner"));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            List<Decision> admitted = decisions.stream().filter(Decision::admitted).toList();
            assertThat(admitted).hasSize(37);
            // Each remaining count was handed out exactly once: the bucket moved atomically from 36 down to 0.
            assertThat(admitted.stream().map(Decision::remaining).sorted().toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, 37).boxed().toList());
            assertThat(decisions).extracting(Decision::resetSeconds).containsOnly(45L);
            assertThat(decisions.stream().filter(d -> !d.admitted())).allSatisfy(d -> assertThat(d.retryAfterSeconds()).isEqualTo(45));
        } finally {
            links.forEach(RedisLink::close);
        }
    }

    @Test
    void aGreedyBucketIsSharedToo() {
        TestRedis.assumeAvailable();
        RedisConfig config = TestRedis.sharedConfig();
        Quota quota = new Quota("smooth", 2, Duration.ofSeconds(10), null, Refill.GREEDY);
        try (RedisLink one = new RedisLink(config); RedisLink two = new RedisLink(config)) {
            assertThat(new RedisRateLimiter(one, clock).tryConsume(quota, "k").admitted()).isTrue();
            assertThat(new RedisRateLimiter(two, clock).tryConsume(quota, "k").admitted()).isTrue();
            Decision refused = new RedisRateLimiter(one, clock).tryConsume(quota, "k");
            assertThat(refused.admitted()).isFalse();
            assertThat(refused.retryAfterSeconds()).isEqualTo(5);
            clock.advance(Duration.ofSeconds(5));
            assertThat(new RedisRateLimiter(two, clock).tryConsume(quota, "k").admitted()).isTrue();
        }
    }

    @Test
    void anUnreachableRedisIsAStoreFailureNotAnAnswer() {
        try (RedisLink link = new RedisLink(TestRedis.config(io.bulwark.testing.FreePorts.next(), "unused"))) {
            RedisRateLimiter limiter = new RedisRateLimiter(link, clock);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> limiter.tryConsume(
                            new Quota("q", 1, Duration.ofMinutes(1), null, Refill.INTERVAL), "k"))
                    .isInstanceOf(RateLimiter.RateLimitStoreException.class);
            assertThat(link.answers()).isFalse();
        }
    }
}
