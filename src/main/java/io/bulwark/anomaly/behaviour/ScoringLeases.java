package io.bulwark.anomaly.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Port: which node scores which shard of identities, one node per shard at a time, for as long as it renews its lease. */
public interface ScoringLeases {

    /**
     * Renews {@code node}'s leases and takes every shard no live node holds, until {@code now + ttl}.
     *
     * @return the shards {@code node} holds now
     */
    Set<Integer> hold(String node, Instant now, Duration ttl);

    /** Gives up {@code node}'s leases at once (on close, after its state is saved). */
    void release(String node);
}
