package io.bulwark.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * A successful token response: the token, the refresh token if one is issued (else null), and headers to
 * send with it (such as a fresh {@code DPoP-Nonce}, RFC 9449 §8.2).
 */
public record TokenResponse(IssuedAccessToken token, String refreshToken, Map<String, String> headers) {

    public TokenResponse {
        Objects.requireNonNull(token, "token");
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "TokenResponse[token=" + token + ", refreshToken=" + (refreshToken == null ? "none" : "***") + ", headers=" + headers + "]";
    }
}
