package io.bulwark.oauth.par;

import java.time.Duration;

/** The RFC 9126 §2.2 success response: the request_uri and how long it lives. */
public record PushedAuthorization(String requestUri, Duration expiresIn) {

    @Override
    public String toString() {
        return "PushedAuthorization[requestUri=***, expiresIn=" + expiresIn + "]";
    }
}
