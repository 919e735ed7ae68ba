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
    public static final Set<String> GRANT_TYPES = Set.of("client_credentials", "authorization_code");

    private final ClientAssertionVerifier clientAuthentication;
    private final ClientCredentialsGrant clientCredentials;
    private final AuthorizationCodeGrant authorizationCode;

    public TokenEndpoint(ClientAssertionVerifier clientAuthentication, ClientCredentialsGrant clientCredentials,
                         AuthorizationCodeGrant authorizationCode) {
        this.clientAuthentication = clientAuthentication;
        this.clientCredentials = clientCredentials;
        this.authorizationCode = authorizationCode;
    }

    /** An endpoint without the authorization code grant (machine-to-machine deployments and tests). */
    public TokenEndpoint(ClientAssertionVerifier clientAuthentication, ClientCredentialsGrant clientCredentials) {
        this(clientAuthentication, clientCredentials, null);
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
            case "authorization_code" -> {
                if (authorizationCode == null) {
                    throw OAuthError.unsupportedGrantType("grant_type authorization_code is not enabled on this endpoint");
                }
                yield authorizationCode.grant(client, params);
            }
            default -> throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported; use one of " + GRANT_TYPES);
        };
    }
}
