package io.bulwark.gateway.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenVerifierTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://api.example";
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey ecKey = JwtFactory.ecKey("ec-1");
    private final RSAKey rsaKey = JwtFactory.rsaKey("rsa-1", 2048);
    private final OctetKeyPair edKey = JwtFactory.edKey("ed-1");
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, AUDIENCE,
            new ImmutableJWKSet<>(new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK(), edKey.toPublicJWK()))), clock);

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice").claim("client_id", "partner")
                .claim("scope", "accounts:read balances:read").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID("t-1");
    }

    @Test
    void acceptsAValidTokenForEachAllowedAlgorithm() throws Exception {
        for (String token : List.of(
                JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build()),
                JwtFactory.sign(rsaKey, JWSAlgorithm.PS256, AT_JWT, claims().build()),
                JwtFactory.sign(edKey, JWSAlgorithm.EdDSA, AT_JWT, claims().build()))) {
            VerifiedAccessToken verified = verifier.verify(token);
            assertThat(verified.subject()).isEqualTo("alice");
            assertThat(verified.clientId()).isEqualTo("partner");
            assertThat(verified.scopes()).containsExactlyInAnyOrder("accounts:read", "balances:read");
        }
        // RFC 9068 §4 also allows the long form of the media type.
        verifier.verify(JwtFactory.sign(ecKey, JWSAlgorithm.ES256, new JOSEObjectType("application/at+jwt"), claims().build()));
    }

    @Test
    void refusesAnExpiredTokenOnceTheSkewHasPassed() throws Exception {
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build());
        clock.advance(Duration.ofSeconds(305));
        verifier.verify(token); // within the 10 s skew
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("the access token has expired");
    }

    @Test
    void refusesATokenFirstPresentedAfterItExpired() {
        // Not yet remembered, so the claims check (RFC 9068 §4: now before exp) refuses it, not the remembered-token path.
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build());
        clock.advance(Duration.ofSeconds(311));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("the access token has expired");
    }

    @Test
    void refusesATokenWithoutExpOrWithALifetimeTheServerNeverIssues() {
        String noExp = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().expirationTime(null).build());
        assertThatThrownBy(() -> verifier.verify(noExp)).hasMessage("the token lacks exp, which RFC 9068 §2.2 requires");
        Instant now = clock.instant();
        String longLived = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims()
                .expirationTime(Date.from(now.plus(io.bulwark.clients.TokenSettings.MAX_ACCESS_TOKEN_LIFETIME).plusSeconds(1))).build());
        assertThatThrownBy(() -> verifier.verify(longLived))
                .hasMessage("the token's lifetime (iat to exp) is not one this authorization server issues");
    }

    @Test
    void refusesATokenNotYetValid() {
        Instant later = clock.instant().plusSeconds(60);
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().notBeforeTime(Date.from(later)).build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("the access token is not valid yet (nbf)");
    }

    @Test
    void refusesAnotherAudienceAndAnotherIssuer() {
        String otherAudience = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().audience("https://other.example").build());
        assertThatThrownBy(() -> verifier.verify(otherAudience)).hasMessage("the token is not meant for this API alone (aud)");
        String otherIssuer = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().issuer("https://evil.example").build());
        assertThatThrownBy(() -> verifier.verify(otherIssuer))
                .hasMessage("the token was not issued by the trusted authorization server (iss)");
    }

    /** RFC 9068 §4 (typ) names the check that must refuse these tokens: both carry a valid signature by the issuer's key. */
    @Test
    void refusesTokensThatAreNotAccessTokens() {
        String idTokenTyped = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, JOSEObjectType.JWT, claims().build());
        assertThatThrownBy(() -> verifier.verify(idTokenTyped)).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's typ is not at+jwt (RFC 9068)");
        String untyped = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, null, claims().build());
        assertThatThrownBy(() -> verifier.verify(untyped)).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's typ is not at+jwt (RFC 9068)");
    }

    /**
     * An unsigned token typed at+jwt: Nimbus's JWS header parser refuses {@code alg: none} itself (it is no JWS
     * algorithm), so this refusal is the parse, and nothing after it can be reached with this spelling.
     */
    @Test
    void refusesAlgNoneAtParsing() {
        String unsigned = unsecured("none", claims().build()) + ".";
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the access token is not a signed JWT");
        String withSignature = unsecured("none", claims().build()) + "." + Base64URL.encode("sig");
        assertThatThrownBy(() -> verifier.verify(withSignature)).hasMessage("the access token is not a signed JWT");
    }

    /** "NONE" is not Nimbus's {@code none}, so it parses as a JWS algorithm: the allow-list (FAPI 2.0 SP §5.4.1) must refuse it. */
    @Test
    void refusesAnUpperCaseNoneAtTheAlgorithmAllowList() {
        String forged = unsecured("NONE", claims().build()) + "." + Base64URL.encode("sig");
        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's alg is not one of [PS256, ES256, EdDSA]");
    }

    @Test
    void refusesHs256KeyedWithThePublicKeyAtTheAlgorithmAllowList() throws Exception {
        // The classic algorithm-confusion attack: HMAC with the issuer's public key as the secret, typed at+jwt so that
        // it passes the typ check and is refused by the allow-list, not by anything before it.
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID("ec-1").build(), claims().build());
        forged.sign(new MACSigner(ecKey.toPublicKey().getEncoded()));
        assertThatThrownBy(() -> verifier.verify(forged.serialize())).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's alg is not one of [PS256, ES256, EdDSA]");
    }

    @Test
    void refusesRs256ByTheIssuersOwnKeyAtTheAlgorithmAllowList() {
        // FAPI 2.0 SP §5.4.1 leaves out RSA PKCS#1 v1.5: a genuine signature by the issuer's RSA key does not make it allowed.
        String token = JwtFactory.sign(rsaKey, JWSAlgorithm.RS256, AT_JWT, claims().build());
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's alg is not one of [PS256, ES256, EdDSA]");
    }

    @Test
    void refusesASignatureByAnotherKeyUnderTheSameKid() {
        ECKey impostor = JwtFactory.ecKey("ec-1");
        String token = JwtFactory.sign(impostor, JWSAlgorithm.ES256, AT_JWT, claims().build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("the token's signature does not verify with the issuer's keys");
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build());
        String[] parts = token.split("\\.");
        String widened = Base64URL.encode(claims().claim("scope", "payments:write").build().toString()).toString();
        assertThatThrownBy(() -> verifier.verify(parts[0] + "." + widened + "." + parts[2])).isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("the token's signature does not verify with the issuer's keys");
    }

    /** The first two segments of a JWS with header {@code {"alg":alg,"typ":"at+jwt","kid":"ec-1"}} and {@code claims}. */
    private static String unsecured(String alg, JWTClaimsSet claims) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"ec-1\"}";
        return Base64URL.encode(header) + "." + Base64URL.encode(claims.toString());
    }

    @Test
    void refusesATokenWithoutClientId() {
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().claim("client_id", null).build());
        assertThatThrownBy(() -> verifier.verify(token))
                .hasMessage("the token lacks a claim RFC 9068 §2.2 requires (sub, client_id, iat, jti)");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> verifier.verify("not-a-jwt")).hasMessage("the access token is not a signed JWT");
    }

    @Test
    void remoteKeysAreRefetchedWhenAnUnknownKidAppears() throws Exception {
        ECKey rotated = JwtFactory.ecKey("ec-2");
        AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(ecKey.toPublicJWK()));
        AtomicInteger fetches = new AtomicInteger();
        URL url = URI.create("https://as.example/jwks").toURL();
        AccessTokenVerifier remote = new AccessTokenVerifier(ISSUER, AUDIENCE,
                AccessTokenVerifier.remoteKeys(url, u -> {
                    fetches.incrementAndGet();
                    return new Resource(published.get().toString(), "application/jwk-set+json");
                }), clock);

        remote.verify(JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build()));
        remote.verify(JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build()));
        assertThat(fetches).hasValue(1); // cached

        published.set(new JWKSet(List.of(ecKey.toPublicJWK(), rotated.toPublicJWK())));
        Thread.sleep(1100); // past the refetch rate limit
        remote.verify(JwtFactory.sign(rotated, JWSAlgorithm.ES256, AT_JWT, claims().build()));
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aRepeatedTokenIsVerifiedOnceButItsExpiryIsCheckedEveryTime() throws Exception {
        AtomicInteger keyLookups = new AtomicInteger();
        JWKSet set = new JWKSet(ecKey.toPublicJWK());
        AccessTokenVerifier counting = new AccessTokenVerifier(ISSUER, AUDIENCE, (selector, context) -> {
            keyLookups.incrementAndGet();
            return selector.select(set);
        }, clock);
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build());
        for (int i = 0; i < 10; i++) {
            counting.verify(token);
        }
        assertThat(keyLookups).hasValue(1);

        clock.advance(Duration.ofSeconds(310));
        assertThatThrownBy(() -> counting.verify(token)).hasMessage("the access token has expired");
        assertThatThrownBy(() -> counting.verify(token)).hasMessage("the access token has expired");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        ECKey impostor = JwtFactory.ecKey("ec-1");
        String forged = JwtFactory.sign(impostor, JWSAlgorithm.ES256, AT_JWT, claims().build());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> verifier.verify(forged)).hasMessage("the token's signature does not verify with the issuer's keys");
        }
    }
}
