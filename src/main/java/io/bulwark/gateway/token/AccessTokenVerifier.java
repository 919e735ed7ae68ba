package io.bulwark.gateway.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.oauth.AllowedAlgorithms;
import io.bulwark.oauth.Scopes;

import java.text.ParseException;
import java.time.InstantSource;
import java.util.Date;
import java.util.Set;

/**
 * Verifies RFC 9068 JWT access tokens locally: signature by a key from the issuer's JWKS (cached,
 * refreshed when an unknown {@code kid} appears), {@code typ}, {@code iss}, {@code aud},
 * {@code exp} and {@code nbf}, and only the algorithms Bulwark allows.
 */
public final class AccessTokenVerifier {

    /** Tolerance for clocks that disagree by a few seconds (FAPI 2.0 SP §5.3.2.1 note on iat/nbf). */
    static final int CLOCK_SKEW_SECONDS = 10;

    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public AccessTokenVerifier(String issuer, String audience, JWKSource<SecurityContext> keys, InstantSource clock) {
        // RFC 9068 §4: the resource server MUST verify that typ is at+jwt (or application/at+jwt),
        // which also keeps ID tokens and other JWTs from the same issuer out.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt")));
        // Only PS256/ES256/EdDSA: alg=none and HS* (including HMAC keyed with the public key) fail here.
        Set<JWSAlgorithm> algorithms = AllowedAlgorithms.JWS;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // RFC 9068 §4: aud MUST contain the resource server's identifier.
                Set.of(audience),
                // RFC 9068 §4: iss MUST exactly match the issuer of the authorization server.
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                REQUIRED_CLAIMS, Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @throws InvalidAccessTokenException when the token must be refused
     */
    public VerifiedAccessToken verify(String token) throws InvalidAccessTokenException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidAccessTokenException("the access token is not a JWT");
        } catch (BadJWTException e) {
            throw new InvalidAccessTokenException(claimProblem(e));
        } catch (BadJOSEException e) {
            throw new InvalidAccessTokenException("the access token's type, algorithm or signature is not acceptable");
        } catch (KeySourceException e) {
            throw new InvalidAccessTokenException("the issuer's keys cannot be fetched, so the token cannot be verified");
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidAccessTokenException("the access token's signature cannot be verified");
        }
        try {
            return new VerifiedAccessToken(claims.getSubject(), claims.getStringClaim("client_id"),
                    Scopes.parse(claims.getStringClaim("scope")), claims.getJWTID(), claims.getExpirationTime().toInstant());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidAccessTokenException("the access token's client_id or scope claim is malformed");
        }
    }

    private static String claimProblem(BadJWTException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired")) {
            return "the access token has expired";
        }
        if (message.contains("before use time")) {
            return "the access token is not valid yet";
        }
        if (message.contains("audience")) {
            return "the access token is not meant for this API (aud)";
        }
        if (message.contains("iss")) {
            return "the access token was not issued by the trusted authorization server (iss)";
        }
        if (message.contains("missing required claims")) {
            return "the access token lacks a claim RFC 9068 requires";
        }
        return "the access token's claims are not acceptable";
    }
}
