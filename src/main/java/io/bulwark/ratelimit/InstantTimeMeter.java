package io.bulwark.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.time.InstantSource;

/** Bucket4j's clock, read from the node's {@link InstantSource}, so that tests move time by hand. */
public final class InstantTimeMeter implements TimeMeter {

    private final InstantSource clock;

    public InstantTimeMeter(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public boolean isWallClockBased() {
        // Wall-clock time, so that buckets shared between nodes are read alike by each of them.
        return true;
    }
}
