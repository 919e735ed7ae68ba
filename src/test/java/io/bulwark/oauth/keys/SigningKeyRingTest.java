package io.bulwark.oauth.keys;

import com.nimbusds.jose.jwk.JWK;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.AccessTokenIssuer;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.store.StoredSigningKey;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Key rotation: publish before signing, keep until the old key's last token has expired. */
class SigningKeyRingTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration LEAD = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private JdbcStore store;
    private AesGcmKeySealer sealer;

    @BeforeEach
    void open() {
        store = JdbcStore.embedded(dir, clock);
        sealer = new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SigningKeyRing ring() {
        return new SigningKeyRing(store.signingKeys(), sealer, clock, LIFETIME, LEAD);
    }

    private static List<String> kids(SigningKeyRing ring) {
        return ring.publicJwks().getKeys().stream().map(JWK::getKeyID).toList();
    }

    @Test
    void aRotatedKeyIsPublishedBeforeItSignsAndTheOldOneStaysUntilItsTokensExpire() {
        SigningKeyRing ring = ring();
        String first = ring.active().keyId();

        StoredSigningKey next = ring.rotate();
        assertThat(kids(ring)).containsExactly(first, next.keyId());
        assertThat(ring.active().keyId()).as("still signing with the old key during the publication lead").isEqualTo(first);

        clock.advance(LEAD);
        assertThat(ring.active().keyId()).isEqualTo(next.keyId());
        assertThat(kids(ring)).as("old key kept while its tokens may live").containsExactly(first, next.keyId());

        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(kids(ring)).contains(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(ring)).containsExactly(next.keyId());
        assertThat(ring.publicJwks().getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void anotherNodeSeesTheRotationAndSwitchesAtTheSameInstant() {
        SigningKeyRing nodeOne = ring();
        SigningKeyRing nodeTwo = ring();
        StoredSigningKey next = nodeOne.rotate();

        clock.advance(SigningKeyRing.RELOAD_INTERVAL);
        assertThat(kids(nodeTwo)).contains(next.keyId());
        clock.advance(LEAD.minus(SigningKeyRing.RELOAD_INTERVAL));
        assertThat(nodeTwo.active().keyId()).isEqualTo(next.keyId());
        assertThat(nodeOne.active().keyId()).isEqualTo(next.keyId());
    }

    @Test
    void rotationByAgeHappensOnceWhenTheKeyIsOldAndNotWhileASuccessorWaits() {
        SigningKeyRing ring = ring();
        Duration maxAge = Duration.ofDays(30);
        assertThat(ring.rotateIfOlderThan(maxAge)).isEmpty();

        clock.advance(maxAge);
        assertThat(ring.rotateIfOlderThan(maxAge)).isPresent();
        assertThat(ring.rotateIfOlderThan(maxAge)).as("a successor is already waiting").isEmpty();
        assertThat(store.signingKeys().list()).hasSize(2);

        clock.advance(LEAD);
        assertThat(ring.rotateIfOlderThan(maxAge)).as("the new key is young").isEmpty();
    }

    @Test
    void tokensSignedJustBeforeAndJustAfterTheSwitchBothVerify() throws Exception {
        SigningKeyRing ring = ring();
        AccessTokenIssuer issuer = new AccessTokenIssuer("https://as", ring, LIFETIME, clock);
        StoredSigningKey next = ring.rotate();
        clock.advance(LEAD.minusSeconds(1));
        String oldKeyToken = issuer.issue("s", "c", java.util.Set.of("a"), "https://api").value();
        clock.advance(Duration.ofSeconds(2));
        String newKeyToken = issuer.issue("s", "c", java.util.Set.of("a"), "https://api").value();
        assertThat(com.nimbusds.jwt.SignedJWT.parse(newKeyToken).getHeader().getKeyID()).isEqualTo(next.keyId());
        assertThat(com.nimbusds.jwt.SignedJWT.parse(oldKeyToken).getHeader().getKeyID()).isNotEqualTo(next.keyId());

        var verifier = new io.bulwark.gateway.token.AccessTokenVerifier("https://as", "https://api",
                new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(ring.publicJwks()), clock);
        verifier.verify(oldKeyToken);
        verifier.verify(newKeyToken);
    }
}
