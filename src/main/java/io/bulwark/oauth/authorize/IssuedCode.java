package io.bulwark.oauth.authorize;

import io.bulwark.oauth.rar.AuthorizationDetail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an authorization code stands for, and everything it is bound to: the client, the redirect URI,
 * the PKCE challenge and the grant (user, scopes, granted details).
 *
 * @param grantId       the grant the user gave; a reused code revokes it
 * @param clientId      the only client that may redeem it (RFC 6749 §4.1.3)
 * @param subject       the user
 * @param redirectUri   the redirect URI the code was sent to, which the token request must repeat
 * @param codeChallenge the PKCE S256 challenge the code_verifier must match (RFC 7636 §4.6)
 * @param scopes        the scopes granted
 * @param details       the authorization details granted
 * @param nonce         the client's nonce, kept for an ID token, or null
 * @param expiresAt     issued + at most 60 s (FAPI 2.0 SP §5.3.2.2)
 * @param dpopJkt       the DPoP key thumbprint the token request's proof must have (RFC 9449 §10), or null
 */
public record IssuedCode(String grantId, String clientId, String subject, String redirectUri, String codeChallenge,
                         Set<String> scopes, List<AuthorizationDetail> details, String nonce, Instant expiresAt, String dpopJkt) {

    public IssuedCode {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
        details = List.copyOf(details);
    }
}
