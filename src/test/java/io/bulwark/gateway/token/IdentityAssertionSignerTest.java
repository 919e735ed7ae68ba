package io.bulwark.gateway.token;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity assertion's header is made once per key, and follows the ring when the key rotates. */
class IdentityAssertionSignerTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration LEAD = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private JdbcStore store;
    private SigningKeyRing ring;

    @BeforeEach
    void open() {
        store = JdbcStore.embedded(dir, clock);
        ring = new SigningKeyRing(store.signingKeys(), new AesGcmKeySealer(MasterKey.createIfMissing(dir.resolve("master.key"))), clock,
                LIFETIME, LEAD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachAssertionIsSignedByTheRingsActiveKeyBeforeAndAfterARotation() throws Exception {
        IdentityAssertionSigner signer = new IdentityAssertionSigner(ring, "https://gateway.example", IdentityAssertionSigner.LIFETIME, clock);
        var token = TestTokens.token("alice", "tpp-1").build();

        SignedJWT first = SignedJWT.parse(signer.sign(token, "bank", "request-1"));
        SignedJWT second = SignedJWT.parse(signer.sign(token, "bank", "request-2"));
        String firstKey = ring.active().keyId();
        assertThat(first.getHeader().getKeyID()).isEqualTo(second.getHeader().getKeyID()).isEqualTo(firstKey);
        assertThat(first.getHeader().getType()).isEqualTo(IdentityAssertionSigner.TYPE);
        assertThat(second.getJWTClaimsSet().getJWTID()).isEqualTo("request-2");
        assertThat(second.verify(new ECDSAVerifier(publicKey(firstKey)))).isTrue();

        ring.rotate();
        clock.advance(LEAD);
        SignedJWT afterRotation = SignedJWT.parse(signer.sign(token, "bank", "request-3"));
        String nextKey = ring.active().keyId();
        assertThat(nextKey).isNotEqualTo(firstKey);
        assertThat(afterRotation.getHeader().getKeyID()).isEqualTo(nextKey);
        assertThat(afterRotation.verify(new ECDSAVerifier(publicKey(nextKey)))).isTrue();
        assertThat(afterRotation.verify(new ECDSAVerifier(publicKey(firstKey)))).isFalse();
    }

    private ECKey publicKey(String keyId) {
        JWK key = ring.publicJwks().getKeyByKeyId(keyId);
        return key.toECKey();
    }
}
