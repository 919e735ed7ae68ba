package io.bulwark.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key of the authorization server as stored: the private JWK is sealed (encrypted) by
 * {@link KeySealer} before it reaches this record, so no adapter ever sees it in clear.
 *
 * @param keyId          the JWK {@code kid}
 * @param algorithm      the JWS algorithm it signs with (ES256, PS256 or EdDSA)
 * @param publicJwkJson  the public JWK, published in the JWKS
 * @param sealedPrivateJwk the private JWK, sealed under the master key
 * @param createdAt      when it was generated
 * @param activatedAt    from when it may sign
 * @param retiredAt      reserved for withdrawing a key early; normal rotation leaves it null, since a key
 *                       retires when its successor activates (see {@code oauth.keys.SigningKeyRing})
 */
public record StoredSigningKey(String keyId, String algorithm, String publicJwkJson, String sealedPrivateJwk,
                               Instant createdAt, Instant activatedAt, Instant retiredAt) {

    public StoredSigningKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicJwkJson, "publicJwkJson");
        Objects.requireNonNull(sealedPrivateJwk, "sealedPrivateJwk");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatedAt, "activatedAt");
    }
}
