package io.bulwark.clients;

import java.time.Duration;

/**
 * How a client's tokens are issued: its own access-token lifetime (null: the server's default) and whether
 * its refresh tokens rotate.
 *
 * @param accessTokenLifetime  overrides {@code authorization-server.access-token-lifetime} for this client; null for none
 * @param refreshTokenRotation whether each use of its refresh token returns a new one and spends the old
 *                             (off by default: FAPI 2.0 SP §5.3.2.1 asks for no rotation save in extraordinary circumstances)
 */
public record TokenSettings(Duration accessTokenLifetime, boolean refreshTokenRotation) {

    /** The shortest per-client access-token lifetime: shorter would outrun clock skew between nodes and clients. */
    public static final Duration MIN_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(1);
    /** The longest: FAPI 2.0 wants short-lived access tokens, so a leaked one is soon useless; refresh tokens cover the rest. */
    public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    /**
     * The longest an access token signed now may live: what a retired signing key must stay published for. Not the
     * longest lifetime registered at this moment: an operator can shorten a client's (or it can be changed on another
     * node) while tokens issued under the longer one still live, so the bound every client may reach is used.
     */
    public static Duration longestInForce(Duration serverDefault) {
        return serverDefault.compareTo(MAX_ACCESS_TOKEN_LIFETIME) > 0 ? serverDefault : MAX_ACCESS_TOKEN_LIFETIME;
    }

    /** The server's lifetime, no rotation. */
    public static final TokenSettings DEFAULTS = new TokenSettings(null, false);

    public TokenSettings {
        if (accessTokenLifetime != null && !withinBounds(accessTokenLifetime)) {
            throw new IllegalArgumentException("an access-token lifetime must be from 1m to 1h, not " + accessTokenLifetime);
        }
    }

    /** Whether {@code lifetime} is one a client may be registered with (1 minute to 1 hour). */
    public static boolean withinBounds(Duration lifetime) {
        return lifetime.compareTo(MIN_ACCESS_TOKEN_LIFETIME) >= 0 && lifetime.compareTo(MAX_ACCESS_TOKEN_LIFETIME) <= 0;
    }

    /** This client's access-token lifetime: its own, else {@code serverDefault}. */
    public Duration accessTokenLifetimeOr(Duration serverDefault) {
        return accessTokenLifetime == null ? serverDefault : accessTokenLifetime;
    }

    /** These settings with rotation on or off. */
    public TokenSettings withRefreshTokenRotation(boolean rotation) {
        return new TokenSettings(accessTokenLifetime, rotation);
    }

    /** These settings with {@code lifetime} (null: the server's default). */
    public TokenSettings withAccessTokenLifetime(Duration lifetime) {
        return new TokenSettings(lifetime, refreshTokenRotation);
    }
}
