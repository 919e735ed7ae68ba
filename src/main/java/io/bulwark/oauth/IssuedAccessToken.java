package io.bulwark.oauth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An access token as handed to the client: the compact JWT, its lifetime, granted scopes and the
 * RFC 9396 authorization details it carries (JSON-ready; empty when none), which RFC 9396 §7
 * requires in the token response too.
 */
public record IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes,
                                List<Map<String, Object>> authorizationDetails) {

    public IssuedAccessToken {
        scopes = Set.copyOf(scopes);
        authorizationDetails = List.copyOf(authorizationDetails);
    }

    public IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes) {
        this(value, expiresIn, scopes, List.of());
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[value=***, expiresIn=" + expiresIn + ", scopes=" + scopes
                + ", authorizationDetails=" + authorizationDetails.size() + "]";
    }
}
