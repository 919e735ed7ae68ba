package io.bulwark.gateway.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.PaymentConsent;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.jose.JwsSignatures;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.jwks.RemoteJwks;

import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Verifies RFC 9068 JWT access tokens locally: {@code typ}, algorithm, signature by a key from the
 * issuer's JWKS (cached, refetched when an unknown {@code kid} appears), then {@code iss},
 * {@code aud}, {@code exp}, {@code iat} and {@code nbf} by {@link TokenValidity}, and the required claims.
 */
public final class AccessTokenVerifier {

    // RFC 9068 §4: typ must be at+jwt or application/at+jwt; this also keeps ID tokens and other JWTs out.
    private static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES = Set.of(
            new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));

    /** Most distinct live tokens remembered; past it, expired entries go, then (if still full) all. */
    static final int MAX_CACHED_TOKENS = 100_000;

    private final TokenValidity validity;
    private final JWKSource<SecurityContext> keys;
    // A client presents the same token for its whole lifetime; an ES256 verification costs about a
    // millisecond of CPU on these cores, so verify once and only re-check the clock after that.
    // Only tokens that passed every check get in, so nobody can fill it without valid tokens.
    private final Map<String, VerifiedAccessToken> verified = new ConcurrentHashMap<>();

    public AccessTokenVerifier(String issuer, String audience, JWKSource<SecurityContext> keys, InstantSource clock) {
        this.validity = new TokenValidity(issuer, audience, clock);
        this.keys = keys;
    }

    /**
     * The issuer's keys from {@code jwksUrl}: cached for five minutes, refetched at once (at most
     * once a second) when a token names a {@code kid} the cache does not hold, which is how a key
     * rotation at the authorization server reaches the gateway without a restart.
     */
    public static JWKSource<SecurityContext> remoteKeys(URL jwksUrl, ResourceRetriever retriever) {
        return RemoteJwks.source(jwksUrl, retriever, Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @throws InvalidAccessTokenException when the token must be refused, with a message safe to show the caller
     */
    public VerifiedAccessToken verify(String token) throws InvalidAccessTokenException {
        VerifiedAccessToken known = verified.get(token);
        if (known != null) {
            if (validity.expired(known.expiresAt())) {
                verified.remove(token);
                throw new InvalidAccessTokenException("the access token has expired");
            }
            return known;
        }
        VerifiedAccessToken fresh = verifyFully(token);
        remember(token, fresh);
        return fresh;
    }

    private void remember(String token, VerifiedAccessToken result) {
        if (verified.size() >= MAX_CACHED_TOKENS) {
            verified.values().removeIf(t -> validity.expired(t.expiresAt()));
            if (verified.size() >= MAX_CACHED_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, result);
    }

    private VerifiedAccessToken verifyFully(String token) throws InvalidAccessTokenException {
        SignedJWT jwt = parse(token);
        JOSEObjectType type = jwt.getHeader().getType();
        if (type == null || !ACCESS_TOKEN_TYPES.contains(type)) {
            throw new InvalidAccessTokenException("the token's typ is not at+jwt (RFC 9068)");
        }
        // FAPI 2.0 SP §5.4.1: PS256, ES256, EdDSA only; so alg=none and HS256 (keyed with the public key) never get here.
        if (!AllowedAlgorithms.allows(jwt.getHeader().getAlgorithm())) {
            throw new InvalidAccessTokenException("the token's alg is not one of " + AllowedAlgorithms.names());
        }
        if (!JwsSignatures.verifyIssued(jwt, candidateKeys(jwt))) {
            throw new InvalidAccessTokenException("the token's signature does not verify with the issuer's keys");
        }
        return checkClaims(claims(jwt));
    }

    private static SignedJWT parse(String token) throws InvalidAccessTokenException {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidAccessTokenException("the access token is not a signed JWT");
        }
    }

    private List<JWK> candidateKeys(SignedJWT jwt) throws InvalidAccessTokenException {
        try {
            return keys.get(new JWKSelector(JwsSignatures.candidatesFor(jwt.getHeader())), null);
        } catch (KeySourceException e) {
            throw new InvalidAccessTokenException("the issuer's keys cannot be fetched, so the token cannot be verified");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws InvalidAccessTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidAccessTokenException("the token's claims are not a JSON object");
        }
    }

    private VerifiedAccessToken checkClaims(JWTClaimsSet claims) throws InvalidAccessTokenException {
        Date exp = claims.getExpirationTime();
        validity.check(claims.getIssuer(), claims.getAudience(), instant(exp), instant(claims.getIssueTime()),
                instant(claims.getNotBeforeTime()));
        try {
            String clientId = claims.getStringClaim("client_id");
            String subject = claims.getSubject();
            // RFC 9068 §2.2: sub, client_id, iat and jti are required.
            if (subject == null || clientId == null || claims.getIssueTime() == null || claims.getJWTID() == null) {
                throw new InvalidAccessTokenException("the token lacks a claim RFC 9068 §2.2 requires (sub, client_id, iat, jti)");
            }
            return verified(subject, clientId, Scopes.parse(claims.getStringClaim("scope")), claims.getJWTID(), exp.toInstant(),
                    claims.getJSONObjectClaim("cnf"), claims.getStringClaim("grant_id"), claims.getClaim("authorization_details"));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidAccessTokenException("the token's client_id, scope, cnf, grant_id or authorization_details claim is malformed");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /**
     * The verified token from its claims, whether a JWT's or an introspection answer's (RFC 7662 §2.2): its {@code cnf}
     * read as {@link #confirmation(Map)} says, its RFC 9396 {@code authorization_details} as consents and as JSON values.
     */
    static VerifiedAccessToken verified(String subject, String clientId, Set<String> scopes, String tokenId, Instant exp,
                                        Map<String, Object> cnf, String grantId, Object details)
            throws ParseException, InvalidAccessTokenException {
        return new VerifiedAccessToken(subject, clientId, scopes, tokenId, exp, confirmation(cnf), grantId,
                AccountConsent.fromClaim(details), PaymentConsent.fromClaim(details),
                details instanceof List<?> list ? List.<Object>copyOf(list) : List.of());
    }

    /**
     * The token's {@code cnf} (RFC 7800 §3.1), from a JWT or an introspection answer (RFC 9449 §6.2, RFC 8705 §3.2), null
     * when it has none: {@code jkt} (RFC 9449 §6.1) and {@code x5t#S256} (RFC 8705 §3.1). A {@code cnf} with neither names
     * a binding this gateway cannot check, so the token is refused rather than taken as a bearer token.
     */
    static TokenConfirmation confirmation(Map<String, Object> cnf) throws ParseException, InvalidAccessTokenException {
        if (cnf == null) {
            return TokenConfirmation.NONE;
        }
        TokenConfirmation confirmation = new TokenConfirmation(text(cnf.get("jkt")), text(cnf.get("x5t#S256")));
        if (!confirmation.bound()) {
            throw new InvalidAccessTokenException("the token's cnf names no binding this gateway can check (jkt or x5t#S256)");
        }
        return confirmation;
    }

    private static String text(Object value) throws ParseException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ParseException("cnf member is not a string", 0);
        }
        return text;
    }
}
