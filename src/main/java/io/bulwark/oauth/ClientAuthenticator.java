package io.bulwark.oauth;

import io.bulwark.oauth.mtls.MutualTlsClientAuthenticator;
import io.bulwark.store.RegisteredClient;

/**
 * Authenticates the client of a token request by one of the methods FAPI 2.0 SP §5.3.2.1 allows:
 * {@code private_key_jwt} (RFC 7523) or mTLS (RFC 8705 §2). Client secrets are never accepted.
 */
public final class ClientAuthenticator {

    private final ClientAssertionVerifier assertions;
    private final MutualTlsClientAuthenticator mutualTls;

    public ClientAuthenticator(ClientAssertionVerifier assertions, MutualTlsClientAuthenticator mutualTls) {
        this.assertions = assertions;
        this.mutualTls = mutualTls;
    }

    /**
     * @return the authenticated, enabled client
     * @throws OAuthError {@code invalid_client} (or {@code invalid_request} for malformed input)
     */
    public RegisteredClient authenticate(TokenRequest request) {
        // FAPI 2.0 SP §5.3.2.1: only mTLS or private_key_jwt; client_secret_basic/post are not accepted.
        if (request.authorization() != null || request.parameter("client_secret") != null) {
            throw OAuthError.invalidClient("client secrets are not accepted: authenticate with private_key_jwt (RFC 7523)"
                    + " or a TLS client certificate (RFC 8705), and send no Authorization header");
        }
        if (request.parameter("client_assertion") != null || request.parameter("client_assertion_type") != null) {
            return assertions.authenticate(request.parameters());
        }
        String clientId = request.parameter("client_id");
        if (clientId == null) {
            throw OAuthError.invalidClient("client authentication is required: send client_assertion (private_key_jwt, RFC 7523),"
                    + " or client_id over a TLS connection with the client's certificate (RFC 8705 §2)");
        }
        return mutualTls.authenticate(clientId, request.clientCertificates());
    }
}
