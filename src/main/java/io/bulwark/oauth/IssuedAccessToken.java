package io.bulwark.oauth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An access token as handed to the client: the compact JWT, its lifetime, granted scopes, the
 * {@code token_type} of the response ({@code DPoP} for DPoP-bound tokens, RFC 9449 §5; else {@code Bearer})
 * the RFC 9396 authorization details it carries (JSON-ready; empty when none), which RFC 9396 §7
 * requires in the token response too, and the {@code grant_id} of the user's grant it came from (null for none).
 */
public record IssuedAccessToken(String value, Duration expiresIn, Set<String> scopes, String tokenType,
                                List<Map<String, Object>> authorizationDetails, String grantId) {

    public IssuedAccessToken {
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tokenType, "tokenType");
        authorizationDetails = List.copyOf(authorizationDetails);
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[value=***, expiresIn=" + expiresIn + ", scopes=" + scopes + ", tokenType=" + tokenType
                + ", authorizationDetails=" + authorizationDetails.size() + ", grantId=" + grantId + "]";
    }
}
