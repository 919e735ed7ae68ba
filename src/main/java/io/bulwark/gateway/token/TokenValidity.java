package io.bulwark.gateway.token;

import io.bulwark.clients.TokenSettings;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The issuer, audience and lifetime rule every access token the gateway admits must meet, whether its claims come
 * from a signed JWT ({@link AccessTokenVerifier}) or from an introspection answer ({@link TokenIntrospector}), with
 * {@link #CLOCK_SKEW} of tolerance for clocks that disagree.
 */
final class TokenValidity {

    /** Tolerance for clocks that disagree by a few seconds. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    private final String issuer;
    private final String audience;
    private final InstantSource clock;

    TokenValidity(String issuer, String audience, InstantSource clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    String issuer() {
        return issuer;
    }

    String audience() {
        return audience;
    }

    /**
     * Checks the token's claims as stated.
     *
     * @param iss its {@code iss}
     * @param aud its {@code aud}
     * @param exp its {@code exp}; a token without one is refused
     * @param iat its {@code iat}, or null where the source does not state it
     * @param nbf its {@code nbf}, or null where the source does not state it
     * @throws InvalidAccessTokenException when the token must be refused, with a message safe to show the caller
     */
    void check(String iss, List<String> aud, Instant exp, Instant iat, Instant nbf) throws InvalidAccessTokenException {
        // RFC 9068 §4: iss MUST exactly match the authorization server's issuer identifier.
        if (!issuer.equals(iss)) {
            throw new InvalidAccessTokenException("the token was not issued by the trusted authorization server (iss)");
        }
        // RFC 9068 §4: aud MUST contain this resource server's identifier; FAPI 2.0 SP wants access tokens audience-restricted,
        // and this authorization server names the gateway alone, so a token also meant for another party is refused.
        if (!List.of(audience).equals(aud)) {
            throw new InvalidAccessTokenException("the token is not meant for this API alone (aud)");
        }
        if (exp == null) {
            throw new InvalidAccessTokenException("the token lacks exp, which RFC 9068 §2.2 requires");
        }
        // RFC 9068 §4: the current time MUST be before exp.
        if (expired(exp)) {
            throw new InvalidAccessTokenException("the access token has expired");
        }
        Instant now = clock.instant();
        // RFC 7519 §4.1.6: iat is when the token was issued, so not in the future; and no client is given a lifetime over
        // TokenSettings.MAX_ACCESS_TOKEN_LIFETIME, so a longer-lived token (exp in 2100) was not issued by the server.
        if (iat != null && (iat.isAfter(now.plus(CLOCK_SKEW))
                || Duration.between(iat, exp).compareTo(TokenSettings.MAX_ACCESS_TOKEN_LIFETIME) > 0)) {
            throw new InvalidAccessTokenException("the token's lifetime (iat to exp) is not one this authorization server issues");
        }
        // RFC 7519 §4.1.5: not to be accepted before nbf.
        if (nbf != null && nbf.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidAccessTokenException("the access token is not valid yet (nbf)");
        }
    }

    /** Whether a token that expires at {@code exp} has expired now, after the skew (RFC 9068 §4, RFC 7519 §4.1.4). */
    boolean expired(Instant exp) {
        return !exp.plus(CLOCK_SKEW).isAfter(clock.instant());
    }
}
