package io.bulwark.oauth.par;

import java.time.Duration;
import java.util.Map;

/**
 * The RFC 9126 §2.2 success response: the request_uri and how long it lives, and headers to send with
 * it (such as a fresh {@code DPoP-Nonce}, RFC 9449 §8.2).
 */
public record PushedAuthorization(String requestUri, Duration expiresIn, Map<String, String> headers) {

    public PushedAuthorization {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "PushedAuthorization[requestUri=***, expiresIn=" + expiresIn + "]";
    }
}
