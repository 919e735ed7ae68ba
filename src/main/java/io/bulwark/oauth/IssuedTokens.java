package io.bulwark.oauth;

import java.util.Objects;

/**
 * What one grant gives at the token endpoint: an access token and, for a user's grant, a refresh token.
 *
 * @param accessToken  the access token
 * @param refreshToken the refresh token to hand out (RFC 6749 §5.1), or null when none is issued
 */
public record IssuedTokens(IssuedAccessToken accessToken, String refreshToken) {

    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** An access token alone (client_credentials: RFC 6749 §4.4.3 says no refresh token should be included). */
    public static IssuedTokens accessOnly(IssuedAccessToken accessToken) {
        return new IssuedTokens(accessToken, null);
    }

    @Override
    public String toString() {
        return "IssuedTokens[accessToken=" + accessToken + ", refreshToken=" + (refreshToken == null ? "none" : "***") + "]";
    }
}
