package io.bulwark.jose;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJwsTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void theOneSpellingOfAnyBytesIsCanonical() {
        Random random = new Random(7);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertThat(CanonicalJws.canonicalBase64Url(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isTrue();
        }
    }

    @Test
    void paddingOtherAlphabetsAndLoneCharactersAreRefused() {
        assertThat(CanonicalJws.canonicalBase64Url("QQ==")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("QUI=")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("a+/b")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("ab cd")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("QUJD\u0410")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("QUJDR")).isFalse();
    }

    @Test
    void nonZeroTrailingBitsAreRefused() {
        // "QQ" is 'A'; "QR" to "Qf" decode to 'A' too, with bits set that the encoding leaves zero (RFC 4648 §3.5).
        assertThat(CanonicalJws.canonicalBase64Url("QQ")).isTrue();
        assertThat(CanonicalJws.canonicalBase64Url("QR")).isFalse();
        assertThat(CanonicalJws.canonicalBase64Url("QUI")).isTrue();
        assertThat(CanonicalJws.canonicalBase64Url("QUJ")).isFalse();
    }

    @Test
    void agreesWithDecodingAndEncodingAgainOnEveryShortString() {
        // Every string of up to three characters over the alphabet and a few outsiders, against the definition.
        String characters = ALPHABET + "=+/. ";
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(9);
            for (int j = 0; j < length; j++) {
                text.append(characters.charAt(random.nextInt(characters.length())));
            }
            assertThat(CanonicalJws.canonicalBase64Url(text.toString())).as(text.toString()).isEqualTo(byDefinition(text.toString()));
        }
    }

    private static boolean byDefinition(String text) {
        if (text.indexOf('=') >= 0) {
            return false;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
