package io.bulwark.oauth.refresh;

import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.core.TokenBinding;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/** Issues refresh tokens: 256 random bits handed to the client once, only their hash stored. */
public final class RefreshTokenIssuer {

    private final RefreshTokenStore store;
    private final Duration lifetime;
    private final InstantSource clock;

    /** @param lifetime how long a token lives from the code exchange (authorization-server.refresh-token-lifetime) */
    public RefreshTokenIssuer(RefreshTokenStore store, Duration lifetime, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new token for a code exchange, living the configured lifetime; returns the token to hand to the client. */
    public String issue(String grantId, String clientId, String subject, Set<String> scopes, TokenBinding binding) {
        Instant now = clock.instant();
        return issue(grantId, clientId, subject, scopes, binding, now, now.plus(lifetime));
    }

    /**
     * The successor of a rotated token: same grant, client, subject, scopes and binding, and the same
     * expiry, so that rotating never extends what the user granted.
     */
    public String successorOf(RefreshToken spent) {
        return issue(spent.grantId(), spent.clientId(), spent.subject(), spent.scopes(), spent.binding(), clock.instant(),
                spent.expiresAt());
    }

    private String issue(String grantId, String clientId, String subject, Set<String> scopes, TokenBinding binding, Instant now,
                         Instant expiresAt) {
        // RFC 6749 §10.10 and RFC 9700 §4.14: unguessable (256 bits, above the 128 asked), stored only as a hash.
        String token = SecretTokens.newToken();
        store.create(new RefreshToken(SecretTokens.hash(token), grantId, clientId, subject, scopes, binding, now, expiresAt, null));
        return token;
    }
}
