package io.bulwark.oauth.refresh;

import io.bulwark.oauth.core.TokenBinding;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A refresh token as the store keeps it: never the token itself, only its hash and what it is bound to.
 *
 * @param tokenHash the token's SHA-256, base64url ({@link io.bulwark.oauth.core.SecretTokens#hash})
 * @param grantId   the user's grant it was issued from; revoking the grant ends it
 * @param clientId  the only client that may use it (RFC 6749 §6)
 * @param subject   the user
 * @param scopes    the scopes of the code exchange: a refresh may narrow them, never widen
 * @param binding   the sender constraint of the code exchange (DPoP key or certificate thumbprint)
 * @param createdAt when it was issued
 * @param expiresAt when it stops working; a rotated successor keeps this instant
 * @param spentAt   when a rotating client used it, or null while it is unspent
 */
public record RefreshToken(String tokenHash, String grantId, String clientId, String subject, Set<String> scopes,
                           TokenBinding binding, Instant createdAt, Instant expiresAt, Instant spentAt) {

    public RefreshToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean spent() {
        return spentAt != null;
    }
}
