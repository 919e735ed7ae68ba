package io.bulwark.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Exponential backoff with equal jitter: within [d/2, d], d doubling per failure up to the maximum. */
class BackoffTest {

    @Test
    void doublesPerFailureWithinItsJitterBandUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            assertThat(backoff.after(1, random)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(backoff.after(2, random)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(backoff.after(4, random)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
            assertThat(backoff.after(5, random)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
            assertThat(backoff.after(60, random)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
        }
    }

    @Test
    void jitterSpreadsTheWaits() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        SplittableRandom random = new SplittableRandom(11);
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.after(3, random)).distinct().count()).isGreaterThan(25);
    }
}
