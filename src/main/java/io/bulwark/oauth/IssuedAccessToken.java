package io.bulwark.oauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * An access token as handed to the client: the compact JWT, its lifetime, granted scopes, and the
 * {@code token_type} of the response ({@code DPoP} for DPoP-bound tokens, RFC 9449 §5; else {@code Bearer}).
 */
public record IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes, String tokenType) {

    public IssuedAccessToken {
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tokenType, "tokenType");
    }

    /** A token of type {@code Bearer}. */
    public IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes) {
        this(value, expiresIn, scopes, "Bearer");
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[value=***, expiresIn=" + expiresIn + ", scopes=" + scopes + ", tokenType=" + tokenType + "]";
    }
}
