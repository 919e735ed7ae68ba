package io.bulwark.oauth.dpop;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every check of RFC 9449 §4.3, each refusal on its own, with proofs made by the Nimbus SDK or by hand. */
class DpopProofVerifierTest {

    private static final String URL = "https://api.example.com/bank/v1/accounts";
    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private static final JOSEObjectType DPOP = new JOSEObjectType("dpop+jwt");

    private final MutableClock clock = MutableClock.atNow();
    private final InMemoryReplayGuard replayGuard = new InMemoryReplayGuard(clock);
    private final DpopNonces nonces = new DpopNonces(new SecretKeySpec(new byte[32], "HmacSHA256"), clock);
    private final DpopProofVerifier verifier = new DpopProofVerifier(replayGuard, nonces, false, Duration.ofSeconds(60), clock);
    private final ECKey key = JwtFactory.ecKey("dpop");

    private VerifiedDpopProof atResource(DpopProofVerifier verifier, String proof) throws DpopProofException {
        return verifier.verifyResourceRequest(List.of(proof), "GET", URI.create(URL), TOKEN, DpopProofs.jkt(key));
    }

    private VerifiedDpopProof atResource(String proof) throws DpopProofException {
        return atResource(verifier, proof);
    }

    private String proof() {
        return DpopProofs.proof(key, "GET", URL, TOKEN, null, clock.instant());
    }

    /** A hand-made proof signed by {@link #key} with its public key in jwk, claims changed by {@code change}. */
    private String handMade(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = DpopProofs.claims("GET", URL).issueTime(Date.from(clock.instant()))
                .claim("ath", AccessTokenHash.of(TOKEN));
        return DpopProofs.handMade(key, JWSAlgorithm.ES256, DPOP, key.toPublicJWK(), change.apply(claims).build());
    }

    private static void assertInvalid(Executable verification, String message) {
        assertThatThrownBy(verification::execute).isInstanceOfSatisfying(DpopProofException.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_dpop_proof");
            assertThat(e.getMessage()).contains(message);
            assertThat(e.nonce()).isNull();
        });
    }

    // --- accepted ---

    @Test
    void acceptsAProofFromTheNimbusFactoryAndReturnsTheRfc7638Thumbprint() throws Exception {
        VerifiedDpopProof verified = atResource(proof());
        assertThat(verified.jkt()).isEqualTo(DpopProofs.jkt(key)).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    void acceptsEachAllowedAlgorithmAtTheTokenEndpoint() throws Exception {
        for (JWK each : List.<JWK>of(JwtFactory.ecKey("ec"), JwtFactory.rsaKey("rsa", 2048), JwtFactory.edKey("ed"))) {
            VerifiedDpopProof verified = verifier.verifyTokenRequest(List.of(DpopProofs.proof(each, "POST", "https://as.example/token",
                    null, null, clock.instant())), "POST", URI.create("https://as.example/token"));
            assertThat(verified.jkt()).isEqualTo(DpopProofs.jkt(each));
        }
    }

    // --- §4.3 items 1-3: one header, a well-formed JWT, the required claims ---

    @Test
    void refusesAMissingProofAndTwoProofs() {
        assertInvalid(() -> verifier.verifyResourceRequest(List.of(), "GET", URI.create(URL), TOKEN, DpopProofs.jkt(key)), "a DPoP proof is required");
        assertInvalid(() -> verifier.verifyResourceRequest(List.of(proof(), proof()), "GET", URI.create(URL), TOKEN, DpopProofs.jkt(key)),
                "exactly one DPoP header");
    }

    @Test
    void refusesWhatIsNotAJwt() {
        assertInvalid(() -> atResource("not-a-jwt"), "not a JWT");
        assertInvalid(() -> atResource("e30.e30"), "alg must be one of");
        String header = Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\"}").toString();
        assertInvalid(() -> atResource(header + ".e30.c2ln.c2ln"), "not a well-formed signed JWT");
    }

    @Test
    void refusesAProofLackingARequiredClaim() {
        assertInvalid(() -> atResource(handMade(b -> b.jwtID(null))), "lacks the jti claim");
        assertInvalid(() -> atResource(handMade(b -> b.claim("htm", null))), "lacks the htm claim");
        assertInvalid(() -> atResource(handMade(b -> b.claim("htu", null))), "lacks the htu claim");
        assertInvalid(() -> atResource(handMade(b -> b.issueTime(null))), "lacks the iat claim");
        assertInvalid(() -> atResource(handMade(b -> b.claim("htm", 42))), "lacks the htm claim");
    }

    // --- §4.3 items 4-7: typ, alg, signature with the jwk, no private key ---

    @Test
    void refusesAnyTypOtherThanDpopJwt() {
        JWTClaimsSet claims = DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build();
        assertInvalid(() -> atResource(DpopProofs.handMade(key, JWSAlgorithm.ES256, JOSEObjectType.JWT, key.toPublicJWK(), claims)),
                "typ must be dpop+jwt");
        assertInvalid(() -> atResource(DpopProofs.handMade(key, JWSAlgorithm.ES256, null, key.toPublicJWK(), claims)),
                "typ must be dpop+jwt");
        assertInvalid(() -> atResource(DpopProofs.handMade(key, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), key.toPublicJWK(), claims)),
                "typ must be dpop+jwt");
    }

    @Test
    void refusesAlgNone() {
        JWTClaimsSet claims = DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build();
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":" + key.toPublicJWK().toJSONString() + "}")
                + "." + new PlainJWT(claims).serialize().split("\\.")[1] + ".";
        assertInvalid(() -> atResource(none), "alg must be one of PS256 ES256 EdDSA");
    }

    @Test
    void refusesHmacEvenKeyedWithThePublicJwk() throws Exception {
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(DPOP).jwk(key.toPublicJWK()).build(),
                DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build());
        hmac.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        assertInvalid(() -> atResource(hmac.serialize()), "alg must be one of");
    }

    @Test
    void refusesRsaPkcs1AndAWeakRsaKey() {
        RSAKey rsa = JwtFactory.rsaKey("rsa", 2048);
        JWTClaimsSet claims = DpopProofs.claims("POST", "https://as.example/token").build();
        assertInvalid(() -> verifier.verifyTokenRequest(List.of(DpopProofs.handMade(rsa, JWSAlgorithm.RS256, DPOP, rsa.toPublicJWK(), claims)),
                "POST", URI.create("https://as.example/token")), "alg must be one of");
        RSAKey weak = JwtFactory.rsaKey("weak", 1024);
        assertInvalid(() -> verifier.verifyTokenRequest(List.of(DpopProofs.handMade(weak, JWSAlgorithm.PS256, DPOP, weak.toPublicJWK(), claims)),
                "POST", URI.create("https://as.example/token")), "signature does not verify");
    }

    @Test
    void refusesAProofWithoutJwk() {
        JWTClaimsSet claims = DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build();
        assertInvalid(() -> atResource(DpopProofs.handMade(key, JWSAlgorithm.ES256, DPOP, null, claims)), "needs a jwk header");
    }

    @Test
    void aHeaderAcceptedBeforeStillNeedsItsOwnSignatureAndChecksOnEveryProof() throws Exception {
        // The first proof's header is remembered (its parsing skipped next time); nothing else about a proof is.
        atResource(proof());
        String accepted = proof();
        String header = accepted.substring(0, accepted.indexOf('.'));
        ECKey other = JwtFactory.ecKey("other");
        String forged = DpopProofs.handMade(other, JWSAlgorithm.ES256, DPOP, key.toPublicJWK(),
                DpopProofs.claims("GET", URL).issueTime(Date.from(clock.instant())).claim("ath", AccessTokenHash.of(TOKEN)).build());
        assertThat(forged.substring(0, forged.indexOf('.'))).as("the same header bytes as the accepted proofs").isEqualTo(header);
        assertInvalid(() -> atResource(forged), "signature does not verify");
        String[] parts = accepted.split("\\.");
        String otherPayload = Base64URL.encode(new Base64URL(parts[1]).decodeToString().replace("\"GET\"", "\"PUT\"")).toString();
        assertInvalid(() -> atResource(parts[0] + "." + otherPayload + "." + parts[2]), "signature does not verify");
        assertInvalid(() -> atResource(parts[0] + "." + parts[1] + "." + parts[2] + "="), "signature does not verify");
        assertInvalid(() -> atResource(parts[0] + "." + parts[1]), "not a well-formed signed JWT");
        assertInvalid(() -> atResource(handMade(b -> b.claim("htm", "POST"))), "htm is not this request's method");
        assertThat(atResource(accepted).jkt()).isEqualTo(DpopProofs.jkt(key));
    }

    @Test
    void refusesAProofSignedByAnotherKeyThanItsJwk() {
        ECKey other = JwtFactory.ecKey("other");
        JWTClaimsSet claims = DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build();
        assertInvalid(() -> atResource(DpopProofs.handMade(other, JWSAlgorithm.ES256, DPOP, key.toPublicJWK(), claims)),
                "signature does not verify");
        OctetKeyPair ed = JwtFactory.edKey("ed");
        assertInvalid(() -> atResource(DpopProofs.handMade(ed, JWSAlgorithm.EdDSA, DPOP, key.toPublicJWK(), claims)),
                "signature does not verify");
    }

    @Test
    void refusesAJwkCarryingThePrivateKey() {
        // Built by hand: Nimbus itself will not put a private JWK in a header, which is the point of the check.
        JWTClaimsSet claims = DpopProofs.claims("GET", URL).claim("ath", AccessTokenHash.of(TOKEN)).build();
        String header = "{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":" + key.toJSONString() + "}";
        String signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims.toString());
        String proof;
        try {
            var signature = new com.nimbusds.jose.crypto.ECDSASigner(key)
                    .sign(JWSHeader.parse(new JWSHeader.Builder(JWSAlgorithm.ES256).build().toJSONObject()),
                            signingInput.getBytes(StandardCharsets.US_ASCII));
            proof = signingInput + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(key.toJSONString()).contains("\"d\"");
        assertInvalid(() -> atResource(proof), "contains a private key");
    }

    // --- §4.3 items 8-9: htm and htu ---

    @Test
    void refusesAProofForAnotherMethod() {
        assertInvalid(() -> atResource(DpopProofs.proof(key, "POST", URL, TOKEN, null, clock.instant())), "htm is not this request's method GET");
        assertInvalid(() -> atResource(DpopProofs.proof(key, "get", URL, TOKEN, null, clock.instant())), "htm");
    }

    @Test
    void refusesAProofForAnotherUrl() {
        for (String other : List.of("https://api.example.com/bank/v1/accounts/a-1", "https://api.example.com/bank/v1/payments",
                "https://other.example.com/bank/v1/accounts", "http://api.example.com/bank/v1/accounts",
                "https://api.example.com:8443/bank/v1/accounts", "https://api.example.com/bank/v1/Accounts")) {
            assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", other, TOKEN, null, clock.instant())), "htu is not the URL");
        }
    }

    @Test
    void comparesHtuWithoutQueryOrFragmentAndAfterNormalization() throws Exception {
        for (String same : List.of(URL + "?page=2", URL + "#top", "HTTPS://API.Example.COM:443/bank/v1/accounts",
                "https://api.example.com/bank/v1/./x/../accounts", "https://api.example.com/bank/v1/%61ccounts")) {
            assertThat(atResource(handMade(b -> b.jwtID(same).claim("htu", same))).jkt()).as(same).isEqualTo(DpopProofs.jkt(key));
        }
    }

    // --- §4.3 item 11: iat window ---

    @Test
    void acceptsIatUpToTenSecondsAheadAndRefusesMore() throws Exception {
        atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, clock.instant().plusSeconds(5)));
        atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, clock.instant().plusSeconds(10)));
        assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, clock.instant().plusSeconds(11))), "iat lies in the future");
        assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, clock.instant().plusSeconds(60))), "iat lies in the future");
    }

    @Test
    void refusesAProofOlderThanTheConfiguredAge() throws Exception {
        Instant now = clock.instant();
        atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, now.minusSeconds(59)));
        assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", URL, TOKEN, null, now.minusSeconds(60))), "older than 60 s");
        DpopProofVerifier strict = new DpopProofVerifier(replayGuard, nonces, false, Duration.ofSeconds(5), clock);
        assertInvalid(() -> atResource(strict, DpopProofs.proof(key, "GET", URL, TOKEN, null, now.minusSeconds(6))), "older than 5 s");
    }

    // --- §4.3 item 12: ath and the bound key ---

    @Test
    void requiresAthMatchingTheAccessTokenAtAResource() {
        assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", URL, null, null, clock.instant())), "lacks the ath claim");
        assertInvalid(() -> atResource(DpopProofs.proof(key, "GET", URL, TOKEN + "x", null, clock.instant())), "ath is not the hash");
        assertInvalid(() -> atResource(handMade(b -> b.claim("ath", TOKEN))), "ath is not the hash");
    }

    @Test
    void refusesAProofByAKeyOtherThanTheTokensEvenIfValidOtherwise() {
        ECKey thief = JwtFactory.ecKey("thief");
        assertInvalid(() -> atResource(DpopProofs.proof(thief, "GET", URL, TOKEN, null, clock.instant())),
                "signed with a key other than the one the access token is bound to");
    }

    // --- jti single use (§11.1) ---

    @Test
    void aProofIsAcceptedOnce() throws Exception {
        String proof = proof();
        atResource(proof);
        assertInvalid(() -> atResource(proof), "already used");
        // Another verifier sharing the guard (another node) refuses it too.
        DpopProofVerifier otherNode = new DpopProofVerifier(replayGuard, nonces, false, Duration.ofSeconds(60), clock);
        assertInvalid(() -> atResource(otherNode, proof), "already used");
    }

    @Test
    void theSameJtiUnderAnotherKeyIsAnotherProof() throws Exception {
        ECKey second = JwtFactory.ecKey("second");
        JWTClaimsSet claims = DpopProofs.claims("POST", "https://as.example/token").jwtID("fixed").build();
        verifier.verifyTokenRequest(List.of(DpopProofs.handMade(key, JWSAlgorithm.ES256, DPOP, key.toPublicJWK(), claims)), "POST",
                URI.create("https://as.example/token"));
        verifier.verifyTokenRequest(List.of(DpopProofs.handMade(second, JWSAlgorithm.ES256, DPOP, second.toPublicJWK(), claims)), "POST",
                URI.create("https://as.example/token"));
    }

    @Test
    void aRefusedProofDoesNotUseUpItsJti() throws Exception {
        JWTClaimsSet wrongMethod = DpopProofs.claims("POST", URL).jwtID("j-1").claim("ath", AccessTokenHash.of(TOKEN)).build();
        assertInvalid(() -> atResource(DpopProofs.handMade(key, JWSAlgorithm.ES256, DPOP, key.toPublicJWK(), wrongMethod)), "htm");
        atResource(handMade(b -> b.jwtID("j-1")));
    }

    // --- nonces (§8, §9, §4.3 item 10) ---

    @Test
    void aRequiredNonceIsAskedForThenAccepted() throws Exception {
        DpopProofVerifier requiring = new DpopProofVerifier(replayGuard, nonces, true, Duration.ofSeconds(60), clock);
        assertThatThrownBy(() -> atResource(requiring, proof())).isInstanceOfSatisfying(DpopProofException.class, e -> {
            assertThat(e.error()).isEqualTo("use_dpop_nonce");
            assertThat(e.nonce()).isEqualTo(nonces.current()).matches("[A-Za-z0-9_-]+");
        });
        atResource(requiring, DpopProofs.proof(key, "GET", URL, TOKEN, requiring.currentNonce(), clock.instant()));
    }

    @Test
    void aStaleForgedOrForeignNonceIsRefusedWithAFreshOne() {
        DpopProofVerifier requiring = new DpopProofVerifier(replayGuard, nonces, true, Duration.ofSeconds(60), clock);
        String old = nonces.current();
        clock.advance(DpopNonces.STEP.multipliedBy(2));
        String foreign = new DpopNonces(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "HmacSHA256"),
                clock).current();
        for (String bad : List.of(old, foreign, "bm9uY2U", "!!")) {
            assertThatThrownBy(() -> atResource(requiring, DpopProofs.proof(key, "GET", URL, TOKEN, bad, clock.instant())))
                    .as(bad).isInstanceOfSatisfying(DpopProofException.class, e -> {
                        assertThat(e.error()).isEqualTo("use_dpop_nonce");
                        assertThat(e.nonce()).isEqualTo(nonces.current());
                    });
        }
    }

    @Test
    void aNonceIsCheckedWhenPresentEvenIfNotRequired() {
        assertThatThrownBy(() -> atResource(DpopProofs.proof(key, "GET", URL, TOKEN, "made-up", clock.instant())))
                .isInstanceOfSatisfying(DpopProofException.class, e -> assertThat(e.error()).isEqualTo("use_dpop_nonce"));
    }
}
