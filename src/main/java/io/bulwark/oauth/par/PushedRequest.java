package io.bulwark.oauth.par;

import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.rar.PaymentInitiation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated authorization request, as pushed by an authenticated client.
 *
 * @param clientId      the client that pushed it
 * @param redirectUri   one of the client's registered redirect URIs, exactly
 * @param scopes        requested scopes, within the client's
 * @param state         the client's state, returned unchanged, or null
 * @param nonce         the client's nonce, kept with the code, or null
 * @param codeChallenge the PKCE S256 challenge
 * @param details       the requested RFC 9396 authorization details
 * @param expiresAt     when its request_uri stops working
 * @param dpopJkt       the thumbprint of the DPoP key the code is bound to (RFC 9449 §10), or null when unbound
 */
public record PushedRequest(String clientId, String redirectUri, Set<String> scopes, String state, String nonce,
                            String codeChallenge, List<AuthorizationDetail> details, Instant expiresAt, String dpopJkt) {

    public PushedRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
        details = List.copyOf(details);
    }

    /** Whether the request asks to initiate a payment, which needs strong customer authentication first. */
    public boolean asksForPayment() {
        return details.stream().anyMatch(PaymentInitiation.class::isInstance);
    }
}
