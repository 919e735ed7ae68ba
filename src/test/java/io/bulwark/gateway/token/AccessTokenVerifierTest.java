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
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
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
    void refusesATokenNotYetValid() {
        Instant later = clock.instant().plusSeconds(60);
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().notBeforeTime(Date.from(later)).build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("not valid yet");
    }

    @Test
    void refusesAnotherAudienceAndAnotherIssuer() {
        String otherAudience = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().audience("https://other.example").build());
        assertThatThrownBy(() -> verifier.verify(otherAudience)).hasMessageContaining("(aud)");
        String otherIssuer = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().issuer("https://evil.example").build());
        assertThatThrownBy(() -> verifier.verify(otherIssuer)).hasMessageContaining("(iss)");
    }

    @Test
    void refusesTokensThatAreNotAccessTokens() {
        String idTokenTyped = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, JOSEObjectType.JWT, claims().build());
        assertThatThrownBy(() -> verifier.verify(idTokenTyped)).isInstanceOf(InvalidAccessTokenException.class);
        String untyped = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, null, claims().build());
        assertThatThrownBy(() -> verifier.verify(untyped)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void refusesAlgNone() {
        String unsigned = new PlainJWT(claims().build()).serialize();
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void refusesHs256KeyedWithThePublicKey() throws Exception {
        // The classic algorithm-confusion attack: HMAC with the issuer's public key as the secret.
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID("ec-1").build(), claims().build());
        forged.sign(new MACSigner(ecKey.toPublicKey().getEncoded()));
        assertThatThrownBy(() -> verifier.verify(forged.serialize())).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void refusesASignatureByAnotherKeyUnderTheSameKid() {
        ECKey impostor = JwtFactory.ecKey("ec-1");
        String token = JwtFactory.sign(impostor, JWSAlgorithm.ES256, AT_JWT, claims().build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("signature");
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().build());
        String[] parts = token.split("\\.");
        String widened = com.nimbusds.jose.util.Base64URL.encode(claims().claim("scope", "payments:write").build().toString()).toString();
        assertThatThrownBy(() -> verifier.verify(parts[0] + "." + widened + "." + parts[2])).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void refusesATokenWithoutClientId() {
        String token = JwtFactory.sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims().claim("client_id", null).build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("lacks a claim");
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
            assertThatThrownBy(() -> verifier.verify(forged)).hasMessageContaining("signature");
        }
    }
}
