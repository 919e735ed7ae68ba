package io.bulwark.store;

import java.time.Instant;

/** Port: access tokens revoked before their expiry, known to every node that shares the store. */
public interface RevokedTokens {

    /** Records the revocation; revoking a token twice is not an error. */
    void revoke(String jti, String clientId, Instant expiresAt);

    boolean isRevoked(String jti);
}
