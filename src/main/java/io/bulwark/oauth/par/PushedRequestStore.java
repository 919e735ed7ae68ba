package io.bulwark.oauth.par;

import java.time.Instant;
import java.util.Optional;

/** Port: pushed authorization requests, keyed by the hash of their request_uri reference. */
public interface PushedRequestStore {

    void save(String referenceHash, PushedRequest request);

    /**
     * Takes the request for good: returns it only if it exists, has not expired at {@code now} and was
     * not taken before (RFC 9126 §4: one-time use). Atomic across nodes: of racing callers, one gets it.
     */
    Optional<PushedRequest> take(String referenceHash, Instant now);
}
