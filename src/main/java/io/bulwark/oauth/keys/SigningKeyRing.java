package io.bulwark.oauth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.jose.CanonicalJws;
import io.bulwark.store.KeySealer;
import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.StoredSigningKey;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization server's signing keys over time. A new key is published in the JWKS
 * {@code publicationLead} before it starts signing, so that every resource server has it before
 * it meets a token signed with it; a key stops signing when its successor activates and stays
 * published until the last token it signed has expired. Every node reads the same keys from the
 * store, so all of them switch at the same instant.
 */
public final class SigningKeyRing {

    /** How often the keys are re-read from the store, so a rotation made elsewhere is seen. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

    private final SigningKeyRepository repository;
    private final KeySealer sealer;
    private final InstantSource clock;
    private final Duration tokenLifetime;
    private final Duration publicationLead;
    private final Map<String, Active> signers = new ConcurrentHashMap<>();
    private volatile List<StoredSigningKey> keys;
    private volatile Instant loadedAt;

    /** The key that signs now, with its signer built once. */
    public record Active(String keyId, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    /**
     * @param publicationLead how long a new key is in the JWKS before it signs: at least as long
     *                        as resource servers cache the JWKS
     */
    public SigningKeyRing(SigningKeyRepository repository, KeySealer sealer, InstantSource clock, Duration tokenLifetime,
                          Duration publicationLead) {
        this.repository = repository;
        this.sealer = sealer;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        this.publicationLead = publicationLead;
        reload();
        if (keys.isEmpty()) {
            // The very first key signs at once: no token exists yet that a resource server could meet early.
            repository.add(generate(clock.instant()));
            reload();
        }
        active();
    }

    /** The key to sign with now: the most recently activated key whose activation has come. */
    public Active active() {
        Instant now = clock.instant();
        StoredSigningKey current = current(keys(now), now)
                .orElseThrow(() -> new IllegalStateException("no signing key is active yet; the store holds only future keys"));
        return signers.computeIfAbsent(current.keyId(), id -> open(current));
    }

    /** When the key that signs now began to sign: its age is what automatic rotation by age looks at. */
    public Instant activeSince() {
        Instant now = clock.instant();
        return current(keys(now), now).map(StoredSigningKey::activatedAt)
                .orElseThrow(() -> new IllegalStateException("no signing key is active yet; the store holds only future keys"));
    }

    /**
     * The public keys clients and resource servers may meet now: keys about to sign, the key that
     * signs, and earlier keys whose last tokens may still be alive.
     */
    public JWKSet publicJwks() {
        Instant now = clock.instant();
        List<StoredSigningKey> all = keys(now);
        List<JWK> published = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Instant successorActivates = i + 1 < all.size() ? all.get(i + 1).activatedAt() : null;
            if (successorActivates == null || successorActivates.plus(tokenLifetime).isAfter(now)) {
                published.add(parsePublic(all.get(i)));
            }
        }
        return new JWKSet(published);
    }

    /**
     * Adds the next key: published at once, signing from {@code now + publicationLead}.
     *
     * @return the new key (public part and activation time)
     */
    public StoredSigningKey rotate() {
        StoredSigningKey next = generate(clock.instant().plus(publicationLead));
        repository.add(next);
        reload();
        return next;
    }

    /**
     * Rotates when the signing key has signed for longer than {@code maxAge} and no successor is
     * already waiting; automatic rotation by age calls this periodically.
     */
    public Optional<StoredSigningKey> rotateIfOlderThan(Duration maxAge) {
        Instant now = clock.instant();
        List<StoredSigningKey> all = keys(now);
        boolean successorWaiting = all.stream().anyMatch(k -> k.activatedAt().isAfter(now));
        StoredSigningKey current = current(all, now).orElse(null);
        if (successorWaiting || current == null || current.activatedAt().plus(maxAge).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(rotate());
    }

    /** Every stored key, oldest activation first, re-read from the store when the copy is stale. */
    private List<StoredSigningKey> keys(Instant now) {
        if (loadedAt == null || !loadedAt.plus(RELOAD_INTERVAL).isAfter(now)) {
            reload();
        }
        return keys;
    }

    private void reload() {
        keys = repository.list().stream().sorted(Comparator.comparing(StoredSigningKey::activatedAt)).toList();
        loadedAt = clock.instant();
    }

    private static Optional<StoredSigningKey> current(List<StoredSigningKey> keys, Instant now) {
        StoredSigningKey current = null;
        for (StoredSigningKey key : keys) {
            if (!key.activatedAt().isAfter(now)) {
                current = key;
            }
        }
        return Optional.ofNullable(current);
    }

    private Active open(StoredSigningKey stored) {
        try {
            JWK privateJwk = JWK.parse(sealer.open(stored.sealedPrivateJwk(), stored.keyId()));
            JWSAlgorithm algorithm = JWSAlgorithm.parse(stored.algorithm());
            if (!AllowedAlgorithms.allows(algorithm)) {
                throw new IllegalStateException("signing key " + stored.keyId() + " uses " + algorithm + ", which Bulwark does not sign with");
            }
            return new Active(stored.keyId(), algorithm, CanonicalJws.lowSSigner(privateJwk.toECKey()));
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("signing key " + stored.keyId() + " in the store cannot be used", e);
        }
    }

    private StoredSigningKey generate(Instant activatesAt) {
        try {
            // ES256: FAPI 2.0 SP §5.4.1 allows it, and it is the fastest of the three to verify.
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            return new StoredSigningKey(key.getKeyID(), JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(),
                    sealer.seal(key.toJSONString(), key.getKeyID()), clock.instant(), activatesAt, null);
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
