package io.bulwark.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FailureCounters} in this process, for tests and for tools that need no sharing. */
public final class InMemoryFailureCounters implements FailureCounters {

    private final Map<String, FailureState> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> sets = new ConcurrentHashMap<>();

    @Override
    public FailureState recordFailure(String key, Instant now, Duration window, int lockAt, Duration lockout) {
        return states.compute(key, (k, old) -> (old == null ? FailureState.NONE : old).afterFailure(now, window, lockAt, lockout));
    }

    @Override
    public FailureState state(String key) {
        return states.getOrDefault(key, FailureState.NONE);
    }

    @Override
    public void clear(String key) {
        states.remove(key);
    }

    @Override
    public int addDistinct(String set, String member, Instant now, Duration window) {
        Map<String, Instant> members = sets.computeIfAbsent(set, k -> new ConcurrentHashMap<>());
        members.put(member, now);
        members.values().removeIf(seen -> !seen.plus(window).isAfter(now));
        return members.size();
    }
}
