package io.bulwark.anomaly.behaviour;

import java.util.Map;
import java.util.Optional;

/** Port: the behaviour detector's saved state (identities' and populations' forests and profiles), shared by every node. */
public interface BehaviourModels {

    /** The state saved under {@code key}, if any. */
    Optional<byte[]> load(String key);

    /** Saves each key's state, replacing what was there. */
    void save(Map<String, byte[]> states);
}
