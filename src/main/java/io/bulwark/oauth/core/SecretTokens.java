package io.bulwark.oauth.core;

import io.bulwark.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random single-use secrets (authorization codes, request_uri references, session and CSRF tokens)
 * and the hashes they are stored under: the store keeps the hash only, never the secret itself.
 */
public final class SecretTokens {

    /** 256 bits: above the 128 bits of entropy RFC 9700 §4.5.3 (and RFC 6749 §10.10) ask of codes. */
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {
    }

    /** A fresh random token, base64url without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code token}, base64url: what the store keys rows by, so a leaked table holds no usable secret. */
    public static String hash(String token) {
        return Sha256.base64Url(token.getBytes(StandardCharsets.US_ASCII));
    }

}
