package io.bulwark.demo.traffic;

import java.time.Instant;

/** What a token response gave: a DPoP-bound access token, when it expires, and the refresh token when there is one. */
record TokenSet(String accessToken, Instant expiresAt, String refreshToken) {

    /** Whether it should be renewed before use: it expires within {@code marginSeconds}. */
    boolean expiresWithin(long marginSeconds) {
        return Instant.now().plusSeconds(marginSeconds).isAfter(expiresAt);
    }

    @Override
    public String toString() {
        return "TokenSet[expires " + expiresAt + ", tokens redacted]";
    }
}
