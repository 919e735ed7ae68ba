package io.bulwark.oauth.clientauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.mtls.MutualTlsClientAuthenticator;

import java.util.regex.Pattern;

/**
 * Authenticates the client of a token request by one of the methods FAPI 2.0 SP §5.3.2.1 allows:
 * {@code private_key_jwt} (RFC 7523) or mTLS (RFC 8705 §2). Client secrets are never accepted.
 */
public final class ClientAuthenticator {

    // RFC 9110 §11.1: auth-scheme = token.
    private static final Pattern AUTH_SCHEME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final String realm;
    private final ClientAssertionVerifier assertions;
    private final MutualTlsClientAuthenticator mutualTls;

    /** @param realm the realm of the challenge to a client that tried the Authorization header: the issuer */
    public ClientAuthenticator(String realm, ClientAssertionVerifier assertions, MutualTlsClientAuthenticator mutualTls) {
        this.realm = realm;
        this.assertions = assertions;
        this.mutualTls = mutualTls;
    }

    /**
     * @return the authenticated, enabled client
     * @throws OAuthError {@code invalid_client} (or {@code invalid_request} for malformed input)
     */
    public RegisteredClient authenticate(TokenRequest request) {
        // FAPI 2.0 SP §5.3.2.1: only mTLS or private_key_jwt; client_secret_basic/post are not accepted.
        String secretsRefused = "client secrets are not accepted: authenticate with private_key_jwt (RFC 7523)"
                + " or a TLS client certificate (RFC 8705), and send no Authorization header";
        if (request.authorization() != null) {
            // RFC 6749 §5.2: the client used the Authorization header, so 401 with a challenge of the scheme it used.
            throw OAuthError.invalidClientChallenge(schemeOf(request.authorization()), realm, secretsRefused);
        }
        if (request.parameter("client_secret") != null) {
            throw OAuthError.invalidClient(secretsRefused);
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

    /** The scheme of an Authorization header; {@code Basic}, the client-secret scheme, when it names none that is valid. */
    private static String schemeOf(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        return AUTH_SCHEME.matcher(scheme).matches() ? scheme : "Basic";
    }
}
