package io.bulwark.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.bulwark.store.KeySealer;
import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.StoredSigningKey;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;

/**
 * The authorization server's signing keys: the one that signs now, and the public set published
 * at the JWKS endpoint. Private keys are sealed before they reach the store and opened only here.
 */
public final class SigningKeyRing {

    private final SigningKeyRepository repository;
    private final KeySealer sealer;
    private final InstantSource clock;
    private final Duration tokenLifetime;
    private volatile Active active;

    /** The key that signs now, with its signer built once. */
    public record Active(String keyId, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    public SigningKeyRing(SigningKeyRepository repository, KeySealer sealer, InstantSource clock, Duration tokenLifetime) {
        this.repository = repository;
        this.sealer = sealer;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        this.active = loadOrCreate();
    }

    /** The key to sign with now. */
    public Active active() {
        return active;
    }

    /**
     * The public keys clients and resource servers may meet: the active key and every retired key
     * whose last tokens may still be alive.
     */
    public JWKSet publicJwks() {
        Instant now = clock.instant();
        List<JWK> keys = repository.list().stream()
                .filter(k -> k.retiredAt() == null || k.retiredAt().plus(tokenLifetime).isAfter(now))
                .map(SigningKeyRing::parsePublic)
                .toList();
        return new JWKSet(keys);
    }

    private Active loadOrCreate() {
        Instant now = clock.instant();
        StoredSigningKey stored = repository.list().stream()
                .filter(k -> k.retiredAt() == null && !k.activatedAt().isAfter(now))
                .max(Comparator.comparing(StoredSigningKey::activatedAt))
                .orElseGet(() -> generate(now));
        try {
            JWK privateJwk = JWK.parse(sealer.open(stored.sealedPrivateJwk(), stored.keyId()));
            JWSAlgorithm algorithm = JWSAlgorithm.parse(stored.algorithm());
            if (!AllowedAlgorithms.allows(algorithm)) {
                throw new IllegalStateException("signing key " + stored.keyId() + " uses " + algorithm + ", which Bulwark does not sign with");
            }
            return new Active(stored.keyId(), algorithm, new ECDSASigner(privateJwk.toECKey()));
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("signing key " + stored.keyId() + " in the store cannot be used", e);
        }
    }

    private StoredSigningKey generate(Instant now) {
        try {
            // ES256 by default: FAPI 2.0 SP §5.4.1 allows it, and it is the fastest of the three to verify.
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            StoredSigningKey stored = new StoredSigningKey(key.getKeyID(), JWSAlgorithm.ES256.getName(),
                    key.toPublicJWK().toJSONString(), sealer.seal(key.toJSONString(), key.getKeyID()), now, now, null);
            repository.add(stored);
            return stored;
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    private static JWK parsePublic(StoredSigningKey key) {
        try {
            return JWK.parse(key.publicJwkJson());
        } catch (ParseException e) {
            throw new IllegalStateException("public key " + key.keyId() + " in the store is not a JWK", e);
        }
    }
}
