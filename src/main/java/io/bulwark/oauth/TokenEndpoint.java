package io.bulwark.oauth;

import io.bulwark.store.RegisteredClient;

import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's logic (RFC 6749 §3.2): authenticate the client, then run the grant it asks
 * for. Grants other than those listed in {@link #GRANT_TYPES} do not exist here: no password
 * grant, no implicit flow.
 */
public final class TokenEndpoint {

    /** The grant types this endpoint serves. */
    public static final Set<String> GRANT_TYPES = Set.of("client_credentials");

    private final ClientAssertionVerifier clientAuthentication;
    private final ClientCredentialsGrant clientCredentials;

    public TokenEndpoint(ClientAssertionVerifier clientAuthentication, ClientCredentialsGrant clientCredentials) {
        this.clientAuthentication = clientAuthentication;
        this.clientCredentials = clientCredentials;
    }

    /**
     * Handles one token request.
     *
     * @param params form parameters, each present once (the HTTP adapter refuses repeats)
     * @throws OAuthError with the RFC 6749 §5.2 code to answer with
     */
    public IssuedAccessToken handle(Map<String, String> params) {
        String grantType = params.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        RegisteredClient client = clientAuthentication.authenticate(params);
        return switch (grantType) {
            case "client_credentials" -> clientCredentials.grant(client, params.get("scope"));
            default -> throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported; use one of " + GRANT_TYPES);
        };
    }
}
