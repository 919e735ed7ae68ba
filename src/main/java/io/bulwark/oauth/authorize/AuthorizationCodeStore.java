package io.bulwark.oauth.authorize;

import java.time.Instant;

/** Port: issued authorization codes, keyed by the hash of the code. */
public interface AuthorizationCodeStore {

    void save(String codeHash, IssuedCode code);

    /**
     * Spends the code. Atomic across nodes: of any number of racing callers exactly one sees
     * {@link Redemption.First}; the others see {@link Redemption.Reused}. Expiry is the caller's check.
     */
    Redemption redeem(String codeHash, Instant now);
}
