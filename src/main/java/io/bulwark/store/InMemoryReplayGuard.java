package io.bulwark.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ReplayGuard} for a single node: used identifiers live in memory until they expire, and
 * expired ones are swept out periodically so memory holds only what is still live.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private record Used(String namespace, String id) {
    }

    private final Map<Used, Instant> used = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final AtomicReference<Instant> nextPurge;

    public InMemoryReplayGuard(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextPurge = new AtomicReference<>(clock.instant().plus(PURGE_INTERVAL));
    }

    @Override
    public boolean firstUse(String namespace, String id, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        boolean[] first = {false};
        // compute() runs atomically per key, so of any number of racing callers exactly one sees "first".
        used.compute(new Used(namespace, id), (key, previous) -> {
            if (previous != null && now.isBefore(previous)) {
                return previous;
            }
            first[0] = true;
            return expiresAt;
        });
        purgeIfDue(now);
        return first[0];
    }

    /** How many identifiers are held, expired ones not yet swept included. */
    int size() {
        return used.size();
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        // Only the caller that wins the swap sweeps, so a burst of calls does not sweep many times over.
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            return;
        }
        // removeIf on a ConcurrentHashMap removes an entry only if it still holds the value tested,
        // so an identifier re-used concurrently is never lost.
        used.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
    }
}
