package io.bulwark.oauth;

import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.dpop.VerifiedDpopProof;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.RegisteredClient;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's logic (RFC 6749 §3.2): check the DPoP proof if there is one, authenticate the
 * client (guarded against brute force), bind the token to the proof's key or the client's
 * certificate, then run the grant it asks for. Grants other than those listed in
 * {@link #GRANT_TYPES} do not exist here: no password grant, no implicit flow.
 */
public final class TokenEndpoint {

    /** The grant types this endpoint serves. */
    public static final Set<String> GRANT_TYPES = Set.of("client_credentials", "authorization_code", "refresh_token");

    private final GuardedClientAuthentication clientAuthentication;
    private final DpopProofVerifier dpop;
    private final URI tokenEndpointUrl;
    private final SenderConstraintBinder binder = new SenderConstraintBinder();
    private final ClientCredentialsGrant clientCredentials;
    private final AuthorizationCodeGrant authorizationCode;
    private final RefreshTokenGrant refreshToken;

    /** An endpoint with client credentials only and no brute-force protection (tests of the protocol alone). */
    public TokenEndpoint(ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         ClientCredentialsGrant clientCredentials) {
        this(clientAuthentication, dpop, tokenEndpointUrl, clientCredentials, null, null);
    }

    /** With brute-force protection, without the authorization code grant. */
    public TokenEndpoint(ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         ClientCredentialsGrant clientCredentials, AuthenticationGuard guard) {
        this(clientAuthentication, dpop, tokenEndpointUrl, clientCredentials, null, guard);
    }

    /** With the authorization code grant, without brute-force protection. */
    public TokenEndpoint(ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         ClientCredentialsGrant clientCredentials, AuthorizationCodeGrant authorizationCode) {
        this(clientAuthentication, dpop, tokenEndpointUrl, clientCredentials, authorizationCode, null);
    }

    /** With the authorization code grant and brute-force protection, without refresh tokens. */
    public TokenEndpoint(ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         ClientCredentialsGrant clientCredentials, AuthorizationCodeGrant authorizationCode, AuthenticationGuard guard) {
        this(clientAuthentication, dpop, tokenEndpointUrl, clientCredentials, authorizationCode, null, guard);
    }

    /**
     * @param tokenEndpointUrl  this endpoint's URL as clients call it: the {@code htu} of their DPoP proofs
     * @param authorizationCode the {@code authorization_code} grant, or null where the flow is not offered
     * @param refreshToken      the {@code refresh_token} grant, or null where refresh tokens are not offered
     * @param guard             counts failed client authentications, delays and locks out; null for none
     */
    public TokenEndpoint(ClientAuthenticator clientAuthentication, DpopProofVerifier dpop, URI tokenEndpointUrl,
                         ClientCredentialsGrant clientCredentials, AuthorizationCodeGrant authorizationCode,
                         RefreshTokenGrant refreshToken, AuthenticationGuard guard) {
        this.refreshToken = refreshToken;
        this.clientAuthentication = new GuardedClientAuthentication(clientAuthentication, guard);
        this.dpop = dpop;
        this.tokenEndpointUrl = tokenEndpointUrl;
        this.clientCredentials = clientCredentials;
        this.authorizationCode = authorizationCode;
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
        IssuedTokens tokens = switch (grantType) {
            // RFC 6749 §4.4.3: a refresh token should not be included with client_credentials.
            case "client_credentials" -> IssuedTokens.accessOnly(clientCredentials.grant(client, request.parameter("scope"), binding));
            case "authorization_code" -> {
                if (authorizationCode == null) {
                    throw OAuthError.unsupportedGrantType("grant_type authorization_code is not enabled on this endpoint");
                }
                yield authorizationCode.grant(client, request.parameters(), binding);
            }
            case "refresh_token" -> {
                if (refreshToken == null) {
                    throw OAuthError.unsupportedGrantType("grant_type refresh_token is not enabled on this endpoint");
                }
                yield refreshToken.grant(client, request.parameters(), binding);
            }
            default -> throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported; use one of " + GRANT_TYPES);
        };
        // RFC 9449 §8.2: while nonces are required, each response carries the nonce to use next.
        return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), dpop.nonceRequired() ? Map.of("DPoP-Nonce", dpop.currentNonce()) : Map.of());
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
