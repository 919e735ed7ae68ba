package io.bulwark.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 (FIPS 180-4), as raw bytes or as unpadded base64url text: the hashes secrets, tokens and keys are stored and
 * compared under, certificate and token thumbprints (RFC 8705 §3.1, RFC 9449 §4.2), PKCE S256 (RFC 7636 §4.2).
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The SHA-256 of {@code parts}, one after the other. */
    public static byte[] of(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** The SHA-256 of {@code text} in UTF-8. */
    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of {@code bytes}, base64url without padding (43 characters). */
    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(of(bytes));
    }

    /** The SHA-256 of {@code text} in UTF-8, base64url without padding (43 characters). */
    public static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }
}
