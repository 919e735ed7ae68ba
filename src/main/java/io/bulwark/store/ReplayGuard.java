package io.bulwark.store;

import java.time.Instant;

/**
 * Port: remembers identifiers that may be used only once (client assertion {@code jti}, later DPoP
 * proofs) until they expire. Must be atomic across every node that shares the store.
 */
public interface ReplayGuard {

    /**
     * Records first use of {@code id} within {@code namespace}.
     *
     * @return true if this is the first use; false if it was already used and has not yet expired
     */
    boolean firstUse(String namespace, String id, Instant expiresAt);
}
