package io.bulwark.observability;

import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.TestRedis;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gauges read at scrape time, against the real services: Redis's health as a node's metrics report it. */
class NodeGaugesTest {

    private static double redisUp(RedisLink redis) {
        try (NodeMetrics metrics = NodeMetrics.kept()) {
            new NodeGauges(metrics.registry()).redis(redis::answers);
            return Exposition.parse(metrics.scrape(null).body()).value("bulwark_redis_up", Map.of());
        }
    }

    @Test
    void redisIsUpWhileItAnswersAndDownWhenNothingListens() {
        TestRedis.assumeAvailable();
        try (RedisLink shared = new RedisLink(TestRedis.sharedConfig())) {
            // The first connection sets up Lettuce's event loops, which on a loaded machine can outlast one 500 ms timeout.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!shared.answers() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(redisUp(shared)).isEqualTo(1);
        }
        try (RedisLink nowhere = new RedisLink(TestRedis.config(FreePorts.next(), TestRedis.newKeyPrefix()))) {
            assertThat(redisUp(nowhere)).isZero();
        }
    }
}
