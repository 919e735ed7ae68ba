package io.bulwark.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.keys.SigningKeyRing;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Issues RFC 9068 JWT access tokens, signed by the active key of the {@link SigningKeyRing}. */
public final class AccessTokenIssuer {

    /** RFC 9068 §2.1: the typ of a JWT access token. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final SigningKeyRing keys;
    private final Duration lifetime;
    private final InstantSource clock;

    public AccessTokenIssuer(String issuer, SigningKeyRing keys, Duration lifetime, InstantSource clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * Signs a token for {@code subject}, obtained by {@code clientId}, for use at {@code audience}.
     */
    public IssuedAccessToken issue(String subject, String clientId, Set<String> scopes, String audience) {
        return issue(subject, clientId, scopes, audience, List.of(), null, null);
    }

    /**
     * As {@link #issue(String, String, Set, String)}, bound to {@code binding} (null for an unbound
     * token): its {@code cnf} claim (RFC 9449 §6.1, RFC 8705 §3.1) and token type.
     */
    public IssuedAccessToken issue(String subject, String clientId, Set<String> scopes, String audience, TokenBinding binding) {
        return issue(subject, clientId, scopes, audience, List.of(), null, binding);
    }

    /**
     * As {@link #issue(String, String, Set, String)}, for a user's grant: with the granted RFC 9396
     * {@code authorization_details} (none: no claim) and the {@code grant_id} it came from (null: no claim).
     */
    public IssuedAccessToken issue(String subject, String clientId, Set<String> scopes, String audience,
                                   List<Map<String, Object>> authorizationDetails, String grantId) {
        return issue(subject, clientId, scopes, audience, authorizationDetails, grantId, null);
    }

    /**
     * Signs a token with every optional part: the granted {@code authorization_details} (none: no claim),
     * the {@code grant_id} (null: no claim) and the sender constraint {@code binding} (null: unbound).
     */
    public IssuedAccessToken issue(String subject, String clientId, Set<String> scopes, String audience,
                                   List<Map<String, Object>> authorizationDetails, String grantId, TokenBinding binding) {
        return issue(subject, clientId, scopes, audience, authorizationDetails, grantId, binding, lifetime);
    }

    /** As the method above, for {@code client}: with its own access-token lifetime when it is registered with one. */
    public IssuedAccessToken issue(RegisteredClient client, String subject, Set<String> scopes, String audience,
                                   List<Map<String, Object>> authorizationDetails, String grantId, TokenBinding binding) {
        return issue(subject, client.clientId(), scopes, audience, authorizationDetails, grantId, binding,
                client.tokenSettings().accessTokenLifetimeOr(lifetime));
    }

    private IssuedAccessToken issue(String subject, String clientId, Set<String> scopes, String audience,
                                    List<Map<String, Object>> authorizationDetails, String grantId, TokenBinding binding,
                                    Duration lifetime) {
        Instant now = clock.instant();
        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat and jti are required.
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .claim("client_id", clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(newTokenId());
        // RFC 9068 §2.2.3: scope is present when scopes were granted; a grant of authorization details alone has none,
        // and an empty scope claim would say nothing.
        if (!scopes.isEmpty()) {
            claims.claim("scope", Scopes.format(scopes));
        }
        // RFC 9396 §9.1: the details granted go into the JWT access token as authorization_details.
        if (!authorizationDetails.isEmpty()) {
            claims.claim("authorization_details", authorizationDetails);
        }
        if (grantId != null) {
            claims.claim("grant_id", grantId);
        }
        if (binding != null) {
            claims.claim("cnf", binding.confirmation());
        }
        SigningKeyRing.Active key = keys.active();
        JWSHeader header = new JWSHeader.Builder(key.algorithm()).type(AT_JWT).keyID(key.keyId()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the access token failed", e);
        }
        return new IssuedAccessToken(jwt.serialize(), lifetime, scopes, binding == null ? "Bearer" : binding.tokenType(),
                authorizationDetails, grantId);
    }

    private static String newTokenId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
