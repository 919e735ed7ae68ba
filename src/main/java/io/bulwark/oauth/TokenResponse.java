package io.bulwark.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * A successful token response: the token, and headers to send with it (such as a fresh
 * {@code DPoP-Nonce}, RFC 9449 §8.2).
 */
public record TokenResponse(IssuedAccessToken token, Map<String, String> headers) {

    public TokenResponse {
        Objects.requireNonNull(token, "token");
        headers = Map.copyOf(headers);
    }
}
