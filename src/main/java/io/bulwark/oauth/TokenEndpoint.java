package io.bulwark.oauth;

import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.ratelimit.lockout.Verdict;
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
    private final AuthenticationGuard guard;

    /** An endpoint without brute-force protection (tests of the protocol alone). */
    public TokenEndpoint(ClientAssertionVerifier clientAuthentication, ClientCredentialsGrant clientCredentials) {
        this(clientAuthentication, clientCredentials, null);
    }

    /** @param guard counts failed client authentications, delays and locks out; null for none */
    public TokenEndpoint(ClientAssertionVerifier clientAuthentication, ClientCredentialsGrant clientCredentials, AuthenticationGuard guard) {
        this.clientAuthentication = clientAuthentication;
        this.clientCredentials = clientCredentials;
        this.guard = guard;
    }

    /**
     * Handles one token request.
     *
     * @param params form parameters, each present once (the HTTP adapter refuses repeats)
     * @throws OAuthError with the RFC 6749 §5.2 code to answer with
     */
    public IssuedAccessToken handle(Map<String, String> params) {
        return handle(params, null, null);
    }

    /**
     * Handles one token request from {@code sourceIp}, guarded against brute force.
     *
     * @throws OAuthError with the RFC 6749 §5.2 code to answer with (429 while the client id or address must wait)
     */
    public IssuedAccessToken handle(Map<String, String> params, String sourceIp, String requestId) {
        String grantType = params.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        RegisteredClient client = guard == null ? clientAuthentication.authenticate(params) : guardedAuthentication(params, sourceIp, requestId);
        return switch (grantType) {
            case "client_credentials" -> clientCredentials.grant(client, params.get("scope"));
            default -> throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported; use one of " + GRANT_TYPES);
        };
    }

    /** PCI DSS 4.0.1 §8.3.4: failed client authentications are counted, delayed and locked out, per client id and address. */
    private RegisteredClient guardedAuthentication(Map<String, String> params, String sourceIp, String requestId) {
        Attempt attempt = Attempt.client(ClaimedClientId.of(params), sourceIp);
        Verdict verdict = guard.check(attempt);
        if (!verdict.allowed()) {
            throw OAuthError.tooManyFailedAttempts(verdict.retryAfterSeconds());
        }
        try {
            RegisteredClient client = clientAuthentication.authenticate(params);
            guard.succeeded(attempt);
            return client;
        } catch (OAuthError e) {
            if ("invalid_client".equals(e.code())) {
                guard.failed(attempt, requestId);
            }
            throw e;
        }
    }
}
