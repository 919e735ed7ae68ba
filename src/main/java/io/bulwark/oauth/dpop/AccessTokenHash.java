package io.bulwark.oauth.dpop;

import io.bulwark.digest.Sha256;
import java.nio.charset.StandardCharsets;

/** The {@code ath} of RFC 9449 §4.2: base64url (no padding) of the SHA-256 of the access token's ASCII encoding. */
public final class AccessTokenHash {

    private AccessTokenHash() {
    }

    public static String of(String accessToken) {
        return Sha256.base64Url(accessToken.getBytes(StandardCharsets.US_ASCII));
    }
}
