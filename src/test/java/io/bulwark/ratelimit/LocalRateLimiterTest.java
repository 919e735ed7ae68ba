package io.bulwark.ratelimit;

import io.bulwark.config.RateLimitPolicyConfig.Period;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRateLimiterTest {

    // 10:00:15 UTC: 45 s before the next minute boundary.
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T10:00:15Z"));
    private final LocalRateLimiter limiter = new LocalRateLimiter(clock);
    private final Quota perMinute = new Quota("per-client", 3, Duration.ofMinutes(1), null, Refill.INTERVAL);

    @Test
    void admitsTheLimitThenRefusesUntilTheWindowBoundary() {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            decisions.add(limiter.tryConsume(perMinute, "k"));
        }
        assertThat(decisions).extracting(Decision::admitted).containsExactly(true, true, true, false);
        assertThat(decisions).extracting(Decision::remaining).containsExactly(2L, 1L, 0L, 0L);
        assertThat(decisions).extracting(Decision::resetSeconds).containsOnly(45L);
        assertThat(decisions.get(3).retryAfterSeconds()).isEqualTo(45);
        assertThat(decisions.get(0).retryAfterSeconds()).isZero();

        clock.advance(Duration.ofSeconds(44));
        assertThat(limiter.tryConsume(perMinute, "k").admitted()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        Decision fresh = limiter.tryConsume(perMinute, "k");
        assertThat(fresh.admitted()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(2);
        assertThat(fresh.resetSeconds()).isEqualTo(60);
    }

    @Test
    void keysAndPoliciesHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.tryConsume(perMinute, "a");
        }
        assertThat(limiter.tryConsume(perMinute, "a").admitted()).isFalse();
        assertThat(limiter.tryConsume(perMinute, "b").admitted()).isTrue();
        assertThat(limiter.tryConsume(new Quota("other", 3, Duration.ofMinutes(1), null, Refill.INTERVAL), "a").admitted()).isTrue();
    }

    @Test
    void greedyBucketsRefillATokenAtATime() {
        Quota greedy = new Quota("smooth", 60, Duration.ofMinutes(1), null, Refill.GREEDY);
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryConsume(greedy, "k").admitted()).isTrue();
        }
        Decision refused = limiter.tryConsume(greedy, "k");
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.resetSeconds()).isEqualTo(60);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryConsume(greedy, "k").admitted()).isTrue();
        assertThat(limiter.tryConsume(greedy, "k").admitted()).isFalse();
    }

    @Test
    void calendarQuotasResetAtTheStartOfTheMonthInUtc() {
        Quota monthly = new Quota("monthly", 2, null, Period.MONTH, Refill.INTERVAL);
        clock.advance(Duration.between(clock.instant(), Instant.parse("2025-06-30T23:59:00Z")));
        limiter.tryConsume(monthly, "partner");
        Decision last = limiter.tryConsume(monthly, "partner");
        assertThat(last.remaining()).isZero();
        assertThat(last.resetSeconds()).isEqualTo(60);
        assertThat(last.quota().windowSeconds()).isEqualTo(31L * 86_400);
        assertThat(limiter.tryConsume(monthly, "partner").admitted()).isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryConsume(monthly, "partner").admitted()).isTrue();
    }

    @Test
    void dailyQuotasResetAtMidnightUtc() {
        Quota daily = new Quota("daily", 1, null, Period.DAY, Refill.INTERVAL);
        Decision first = limiter.tryConsume(daily, "partner");
        assertThat(first.resetSeconds()).isEqualTo(Duration.between(clock.instant(), Instant.parse("2025-06-15T00:00:00Z")).toSeconds());
        assertThat(limiter.tryConsume(daily, "partner").admitted()).isFalse();
        clock.advance(Duration.ofHours(14));
        assertThat(limiter.tryConsume(daily, "partner").admitted()).isTrue();
    }

    @Test
    void aNodesShareIsTheLimitDividedByTheNodeCount() {
        assertThat(perMinute.dividedBy(2).limit()).isEqualTo(1);
        assertThat(new Quota("q", 100, Duration.ofMinutes(1), null, Refill.INTERVAL).dividedBy(3).limit()).isEqualTo(33);
        assertThat(perMinute.dividedBy(10).limit()).as("never zero: a node on its own still serves").isEqualTo(1);
    }

    @Test
    void concurrentCallersNeverOvershoot() throws Exception {
        Quota quota = new Quota("burst", 50, Duration.ofMinutes(1), null, Refill.INTERVAL);
        AtomicInteger admitted = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> {
                    if (limiter.tryConsume(quota, "k").admitted()) {
                        admitted.incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(admitted.get()).isEqualTo(50);
    }

    @Test
    void bucketsOfPastWindowsAreForgotten() {
        for (int i = 0; i < 100; i++) {
            limiter.tryConsume(perMinute, "ip-" + i);
        }
        assertThat(limiter.size()).isEqualTo(100);
        clock.advance(Duration.ofMinutes(2));
        limiter.tryConsume(perMinute, "later");
        assertThat(limiter.size()).isEqualTo(1);
    }
}
