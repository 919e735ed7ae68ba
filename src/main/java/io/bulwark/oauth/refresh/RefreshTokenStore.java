package io.bulwark.oauth.refresh;

import java.time.Instant;
import java.util.Optional;

/** Port: issued refresh tokens, keyed by their hash. */
public interface RefreshTokenStore {

    /** Records a new refresh token; its hash must be new. */
    void create(RefreshToken token);

    /** The token with this hash, spent or not, until its row is purged after expiry. */
    Optional<RefreshToken> find(String tokenHash);

    /**
     * Marks the token spent at {@code at} unless it already is, atomically across nodes.
     *
     * @return true if this call spent it; false if it was spent before (a reuse) or is unknown
     */
    boolean spend(String tokenHash, Instant at);
}
