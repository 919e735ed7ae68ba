package io.bulwark.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Port: counters of failed authentications, shared by every node, for the authentication guard. Keys are opaque
 * (hashed by the caller); every operation is atomic on its key.
 */
public interface FailureCounters {

    /**
     * Counts one failure under {@code key}. The count starts again at 1 when the last failure is {@code window} old
     * or more, or a lockout has ended; when it reaches {@code lockAt}, the key is locked until {@code now + lockout}.
     *
     * @return the state after this failure
     */
    FailureState recordFailure(String key, Instant now, Duration window, int lockAt, Duration lockout);

    /** The state of {@code key} ({@link FailureState#NONE} when it has none). */
    FailureState state(String key);

    /** Forgets {@code key}: after a success, or when an operator unlocks it. */
    void clear(String key);

    /**
     * Adds {@code member} to the set {@code set} and returns how many distinct members were added in the last
     * {@code window} (this one included).
     */
    int addDistinct(String set, String member, Instant now, Duration window);
}
