package io.bulwark.oauth.clientauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.ratelimit.lockout.Verdict;

import java.util.Objects;

/**
 * Client authentication behind the brute-force guard, one path for every endpoint where a client
 * authenticates (token, PAR, revocation, introspection): an address, or a client id claimed from an address, that must
 * wait is refused before any signature is checked, and each {@code invalid_client} is counted. Failures never lock a
 * client out everywhere: anyone can claim a client id, and its keys cannot be guessed.
 */
public final class GuardedClientAuthentication {

    private final ClientAuthenticator clientAuthentication;
    private final AuthenticationGuard guard;

    /** @param guard counts failed client authentications, delays and locks out (PCI DSS 8.3.4); required */
    public GuardedClientAuthentication(ClientAuthenticator clientAuthentication, AuthenticationGuard guard) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * Authenticates the client of {@code request}, sent from {@code sourceIp}.
     *
     * @throws OAuthError {@code invalid_client}, or 429 while the address, or the client id from it, must wait
     */
    public RegisteredClient authenticate(TokenRequest request, String sourceIp, String requestId) {
        // Failed authentications are counted per address and per client id from that address, delayed, then locked out
        // (PCI DSS 8.3.4's lockout of user IDs stays with users: a client id alone is never locked, or anyone could lock it).
        Attempt attempt = Attempt.client(ClaimedClientId.of(request.parameters()), sourceIp);
        Verdict verdict = guard.check(attempt);
        if (!verdict.allowed()) {
            throw OAuthError.tooManyFailedAttempts(verdict.retryAfterSeconds());
        }
        try {
            RegisteredClient client = clientAuthentication.authenticate(request);
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
