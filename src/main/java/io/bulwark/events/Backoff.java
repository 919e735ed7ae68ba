package io.bulwark.events;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before a webhook's next attempt: {@code initial} doubled per consecutive failure, at most {@code max}, with
 * "equal jitter" (a random point in the upper half), so that nodes retrying after one outage do not call in step.
 */
public record Backoff(Duration initial, Duration max) {

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    public Duration after(int failures, RandomGenerator random) {
        long ceiling = max.toMillis();
        long delay = initial.toMillis() << Math.min(30, Math.max(0, failures - 1));
        long capped = delay <= 0 || delay > ceiling ? ceiling : delay;
        long half = capped / 2;
        return Duration.ofMillis(half + random.nextLong(capped - half + 1));
    }
}
