package io.bulwark.anomaly.behaviour;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Port: where every node leaves its share of each identity's windows and the node scoring that identity takes them,
 * so that one scorer sees an identity's whole traffic however requests were spread over nodes.
 */
public interface WindowExchange {

    /** One node's counts of one identity's window. */
    record Share(String identityKey, int shard, long window, byte[] counts) {
    }

    /** Leaves {@code shares}. */
    void put(Collection<Share> shares);

    /** Removes and returns the shares of {@code shards} whose window is at most {@code lastWindow}, oldest window first. */
    List<Share> take(Set<Integer> shards, long lastWindow);
}
