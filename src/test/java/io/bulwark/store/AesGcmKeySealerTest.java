package io.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AesGcmKeySealerTest {

    private static final String PRIVATE_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"secret-scalar\",\"kid\":\"k1\"}";

    private final AesGcmKeySealer sealer = new AesGcmKeySealer(randomKey());

    @Test
    void aSealedValueOpensWithTheSameContext() {
        String sealed = sealer.seal(PRIVATE_JWK, "k1");

        assertThat(sealed).startsWith("v1:").doesNotContain("secret-scalar");
        assertThat(sealed.substring(3)).matches("[A-Za-z0-9_-]+");
        assertThat(sealer.open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
    }

    @Test
    void everySealUsesAFreshIv() {
        byte[] first = raw(sealer.seal(PRIVATE_JWK, "k1"));
        byte[] second = raw(sealer.seal(PRIVATE_JWK, "k1"));

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(first).isNotEqualTo(second);
        // 12-byte IV + ciphertext as long as the plaintext + 16-byte tag.
        assertThat(first).hasSize(12 + PRIVATE_JWK.length() + 16);
    }

    @Test
    void anotherContextDoesNotOpen() {
        String sealed = sealer.seal(PRIVATE_JWK, "k1");

        assertRefused(() -> sealer.open(sealed, "k2"));
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        String sealed = sealer.seal(PRIVATE_JWK, "k1");
        byte[] raw = raw(sealed);
        raw[20] ^= 0x01;
        String tampered = "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertRefused(() -> sealer.open(tampered, "k1"));
        assertRefused(() -> sealer.open(sealed.substring(0, sealed.length() - 4), "k1"));
        assertRefused(() -> sealer.open("v2:" + sealed.substring(3), "k1"));
        assertRefused(() -> sealer.open("v1:not base64!", "k1"));
        assertRefused(() -> sealer.open("v1:AAAA", "k1"));
    }

    @Test
    void anotherMasterKeyDoesNotOpen() {
        String sealed = sealer.seal(PRIVATE_JWK, "k1");

        assertRefused(() -> new AesGcmKeySealer(randomKey()).open(sealed, "k1"));
    }

    private static void assertRefused(ThrowingCallable open) {
        assertThatThrownBy(open)
                .isInstanceOf(IllegalStateException.class)
                .hasNoCause()
                .hasMessageContaining("does not open")
                .message().doesNotContain("secret-scalar").doesNotContain("k1").doesNotContain("v1:");
    }

    private static byte[] raw(String sealed) {
        return Base64.getUrlDecoder().decode(sealed.substring(3));
    }

    private static MasterKey randomKey() {
        byte[] key = new byte[MasterKey.LENGTH];
        new SecureRandom().nextBytes(key);
        return MasterKey.fromBytes(key);
    }
}
