package io.bulwark.gateway;

import java.time.Instant;
import java.util.Set;

/** The claims of an access token whose signature, issuer, audience, type and lifetime have been verified. */
public record VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt) {

    public VerifiedAccessToken {
        scopes = Set.copyOf(scopes);
    }
}
