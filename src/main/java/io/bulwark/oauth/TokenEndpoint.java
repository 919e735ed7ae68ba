package io.bulwark.oauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.dpop.VerifiedDpopProof;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The token endpoint's logic (RFC 6749 §3.2): check the DPoP proof if there is one, authenticate the
 * client (guarded against brute force), bind the token to the proof's key or the client's
 * certificate, then run the grant it asks for, if it is one of the grants this endpoint was given. Grants other than
 * those listed in {@link #GRANT_TYPES} do not exist here: no password grant, no implicit flow.
 */
public final class TokenEndpoint {

    /** The grant types this endpoint serves. */
    public static final Set<String> GRANT_TYPES = Set.of("client_credentials", "authorization_code", "refresh_token");

    private final GuardedClientAuthentication clientAuthentication;
    private final DpopProofVerifier dpop;
    private final URI tokenEndpointUrl;
    private final SenderConstraintBinder binder = new SenderConstraintBinder();
    private final Map<String, GrantHandler> grants = new LinkedHashMap<>();

    /**
     * @param clientAuthentication client authentication behind the brute-force guard (PCI DSS 8.3.4)
     * @param tokenEndpointUrl     this endpoint's URL as clients call it: the {@code htu} of their DPoP proofs
     * @param grants               the grants this endpoint serves, one per grant type; a grant not listed is not offered
     */
    public TokenEndpoint(GuardedClientAuthentication clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         List<GrantHandler> grants) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        this.dpop = Objects.requireNonNull(dpop, "dpop");
        this.tokenEndpointUrl = Objects.requireNonNull(tokenEndpointUrl, "tokenEndpointUrl");
        for (GrantHandler grant : grants) {
            if (!GRANT_TYPES.contains(grant.grantType())) {
                throw new IllegalArgumentException("grant_type " + grant.grantType() + " is not one this endpoint may serve: " + GRANT_TYPES);
            }
            if (this.grants.putIfAbsent(grant.grantType(), grant) != null) {
                throw new IllegalArgumentException("two handlers for grant_type " + grant.grantType());
            }
        }
    }

    /** As {@link #handle(TokenRequest, String, String)} with no source address known. */
    public TokenResponse handle(TokenRequest request) {
        return handle(request, null, null);
    }

    /**
     * Handles one token request from {@code sourceIp}.
     *
     * @throws OAuthError with the RFC 6749 §5.2 (or RFC 9449 §5, §8) code to answer with; 429 while the
     *                    client id or address must wait after failed authentications
     */
    public TokenResponse handle(TokenRequest request, String sourceIp, String requestId) {
        String grantType = request.parameter("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        // The proof is checked before the client is authenticated, so that a use_dpop_nonce answer does
        // not use up the client's assertion: the client repeats the same request with the nonce.
        VerifiedDpopProof proof = request.dpopProofs().isEmpty() ? null : verifyProof(request);
        RegisteredClient client = clientAuthentication.authenticate(request, sourceIp, requestId);
        // RFC 6749 §5.2 unauthorized_client: the client is not registered for this grant (RFC 7591 §2 grant_types), so an app
        // acting for users never gets a token that acts for no user.
        if (GRANT_TYPES.contains(grantType) && !client.mayUse(grantType)) {
            throw OAuthError.unauthorizedClient("this client is not registered for grant_type " + grantType);
        }
        TokenBinding binding = binder.bind(client, proof, request.clientCertificates());
        GrantHandler grant = grants.get(grantType);
        if (grant == null) {
            throw OAuthError.unsupportedGrantType(GRANT_TYPES.contains(grantType)
                    ? "grant_type " + grantType + " is not enabled on this endpoint"
                    : "grant_type " + grantType + " is not supported; use one of " + GRANT_TYPES);
        }
        IssuedTokens tokens = grant.grant(client, request.parameters(), binding);
        // RFC 9449 §8.2: while nonces are required, each response carries the nonce to use next.
        TokenResponse.Issuance issuance = new TokenResponse.Issuance(grantType, client.authMethod(),
                binding instanceof TokenBinding.Dpop ? "dpop" : "mtls");
        return new TokenResponse(tokens.accessToken(), tokens.refreshToken(),
                dpop.nonceRequired() ? Map.of("DPoP-Nonce", dpop.currentNonce()) : Map.of(), issuance);
    }

    /** As {@link #handle(TokenRequest)} for a request with form parameters only (no DPoP proof, no client certificate). */
    public IssuedAccessToken handle(Map<String, String> params) {
        return handle(TokenRequest.of(params)).token();
    }

    private VerifiedDpopProof verifyProof(TokenRequest request) {
        try {
            // RFC 9449 §5: htm is POST and htu the token endpoint's URL.
            return dpop.verifyTokenRequest(request.dpopProofs(), "POST", tokenEndpointUrl);
        } catch (DpopProofException e) {
            throw OAuthError.dpopProof(e);
        }
    }
}
