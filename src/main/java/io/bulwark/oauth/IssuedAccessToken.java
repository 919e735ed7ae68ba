package io.bulwark.oauth;

import java.time.Duration;
import java.util.Set;

/** An access token as handed to the client: the compact JWT, its lifetime and granted scopes. */
public record IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes) {

    public IssuedAccessToken {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[value=***, expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
