package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.PipelineOrderException;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.mtls.CertificateThumbprint;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender-constraint step in the declared order, between authentication and authorization, with a recording upstream. */
class SenderConstraintStepTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";
    private static final String PUBLIC_URL = "https://api.example.com";
    private static final String ACCOUNTS = PUBLIC_URL + "/bank/v1/accounts/a1";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey issuerKey = JwtFactory.ecKey("k1");
    private final ECKey dpopKey = JwtFactory.ecKey("dpop");
    private final List<Upstream.Request> forwarded = new ArrayList<>();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final DpopNonces nonces = new DpopNonces(new SecretKeySpec(new byte[32], "HmacSHA256"), clock);
    private final InMemoryReplayGuard replayGuard = new InMemoryReplayGuard(clock);

    private GatewayPipeline pipeline(boolean nonceRequired) {
        return new GatewayPipeline(List.of(
                new SecurityEventStep(events::add, clock),
                new RouteStep(new RouteTable()
                        .add("bank", "/bank/v1", List.of(TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read"))),
                                TestOperations.operation("createPayment", "POST", "/payments", List.of(Set.of("accounts:read")))))
                        .add("legacy", "/legacy", List.of(TestOperations.operation("list", "GET", "/items", List.of(Set.of("accounts:read")))))),
                new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(issuerKey.toPublicJWK())), clock), Optional.empty()),
                new SenderConstraintStep(new DpopProofVerifier(replayGuard, nonces, nonceRequired, Duration.ofSeconds(60), clock),
                        URI.create(PUBLIC_URL), Set.of("legacy")),
                new ScopeStep(),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", this::answer, "legacy", this::answer), Map.of("bank", "/bank/v1", "legacy", "/legacy"), clock)), RequestTracing.NONE);
    }

    private GatewayResponse answer(Upstream.Request request) {
        forwarded.add(request);
        return new GatewayResponse(200, Map.of("Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), null, null);
    }

    private String token(Map<String, Object> cnf) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("partner")
                .claim("client_id", "partner").claim("scope", "accounts:read").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID("t-1");
        if (cnf != null) {
            claims.claim("cnf", cnf);
        }
        return JwtFactory.sign(issuerKey, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), claims.build());
    }

    private String dpopBound() {
        try {
            return token(Map.of("jkt", dpopKey.toPublicJWK().computeThumbprint().toString()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private GatewayResponse call(GatewayPipeline pipeline, String method, String path, Map<String, List<String>> headers,
                                 X509Certificate certificate) {
        return pipeline.handle(new Exchange(new GatewayRequest(method, path, null, headers, new byte[0], "127.0.0.1", certificate)));
    }

    private static Map<String, List<String>> headers(String authorization, String... proofs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of(authorization));
        if (proofs.length > 0) {
            headers.put("DPoP", List.of(proofs));
        }
        return headers;
    }

    private void assertRefused(GatewayResponse response, String problem, String challenge, String reason) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("https://bulwark.dev/problems/" + problem);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains(challenge);
        assertThat(events.getLast().details()).containsEntry("reason", reason);
        assertThat(forwarded).isEmpty();
    }

    // --- DPoP-bound tokens (RFC 9449 §7) ---

    @Test
    void theSchemeAndTokenComeFromAccessTokenStepNotFromParsingTheHeaderAgain() {
        // A stand-in that sets the verified token but not how it was presented: the pipeline is refused when it is built.
        assertThatThrownBy(() -> new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1",
                        List.of(TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read")))))),
                TestSteps.token(exchange -> TestTokens.token("partner", "partner").build()),
                new SenderConstraintStep(new DpopProofVerifier(replayGuard, nonces, false, Duration.ofSeconds(60), clock),
                        URI.create(PUBLIC_URL), Set.of()),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", this::answer), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE))
                .isInstanceOf(PipelineOrderException.class).hasMessageContaining("SenderConstraintStep needs PRESENTED_TOKEN");
    }

    @Test
    void aDpopBoundTokenWithAProofForThisRequestIsForwardedWithoutTheProof() {
        String token = dpopBound();
        GatewayResponse response = call(pipeline(false), "GET", "/bank/v1/accounts/a1",
                headers("DPoP " + token, DpopProofs.proof(dpopKey, "GET", ACCOUNTS, token, null, clock.instant())), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(forwarded).singleElement().satisfies(r -> assertThat(r.headers()).doesNotContainKeys("DPoP", "Authorization"));
        assertThat(response.headers()).doesNotContainKey("DPoP-Nonce");
    }

    @Test
    void missingProofIsRefusedWithTheDpopChallenge() {
        assertRefused(call(pipeline(false), "GET", "/bank/v1/accounts/a1", headers("DPoP " + dpopBound()), null), "invalid-dpop-proof",
                "DPoP realm=\"bulwark\", algs=\"PS256 ES256 EdDSA\", error=\"invalid_dpop_proof\"", "invalid_dpop_proof");
    }

    @Test
    void aDpopBoundTokenPresentedAsBearerIsRefused() {
        String token = dpopBound();
        assertRefused(call(pipeline(false), "GET", "/bank/v1/accounts/a1",
                        headers("Bearer " + token, DpopProofs.proof(dpopKey, "GET", ACCOUNTS, token, null, clock.instant())), null),
                "dpop-scheme-required", "error=\"invalid_token\"", "dpop_token_as_bearer");
    }

    @Test
    void aProofFromAnotherKeyIsRefused() {
        String token = dpopBound();
        ECKey thief = JwtFactory.ecKey("thief");
        assertRefused(call(pipeline(false), "GET", "/bank/v1/accounts/a1",
                        headers("DPoP " + token, DpopProofs.proof(thief, "GET", ACCOUNTS, token, null, clock.instant())), null),
                "invalid-dpop-proof", "error=\"invalid_dpop_proof\"", "invalid_dpop_proof");
    }

    @Test
    void aProofForAnotherPathMethodOrTokenIsRefused() {
        String token = dpopBound();
        for (String proof : List.of(DpopProofs.proof(dpopKey, "GET", PUBLIC_URL + "/bank/v1/accounts/a2", token, null, clock.instant()),
                DpopProofs.proof(dpopKey, "POST", ACCOUNTS, token, null, clock.instant()),
                DpopProofs.proof(dpopKey, "GET", ACCOUNTS, dpopBound() + "x", null, clock.instant()),
                DpopProofs.proof(dpopKey, "GET", "https://localhost:9443/bank/v1/accounts/a1", token, null, clock.instant()))) {
            assertRefused(call(pipeline(false), "GET", "/bank/v1/accounts/a1", headers("DPoP " + token, proof), null),
                    "invalid-dpop-proof", "error=\"invalid_dpop_proof\"", "invalid_dpop_proof");
        }
    }

    @Test
    void aReplayedProofIsRefused() {
        String token = dpopBound();
        String proof = DpopProofs.proof(dpopKey, "GET", ACCOUNTS, token, null, clock.instant());
        GatewayPipeline pipeline = pipeline(false);
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("DPoP " + token, proof), null).status()).isEqualTo(200);
        forwarded.clear();
        GatewayResponse replay = call(pipeline, "GET", "/bank/v1/accounts/a1", headers("DPoP " + token, proof), null);
        assertRefused(replay, "invalid-dpop-proof", "error=\"invalid_dpop_proof\"", "invalid_dpop_proof");
        assertThat(new String(replay.body(), StandardCharsets.UTF_8)).contains("already used");
    }

    @Test
    void aRequiredNonceIsAskedForWith401AndTheNonceThenAccepted() {
        GatewayPipeline pipeline = pipeline(true);
        String token = dpopBound();
        GatewayResponse first = call(pipeline, "GET", "/bank/v1/accounts/a1",
                headers("DPoP " + token, DpopProofs.proof(dpopKey, "GET", ACCOUNTS, token, null, clock.instant())), null);
        assertRefused(first, "use-dpop-nonce", "error=\"use_dpop_nonce\"", "dpop_nonce_required");
        String nonce = first.headers().get("DPoP-Nonce").getFirst();

        GatewayResponse second = call(pipeline, "GET", "/bank/v1/accounts/a1",
                headers("DPoP " + token, DpopProofs.proof(dpopKey, "GET", ACCOUNTS, token, nonce, clock.instant())), null);
        assertThat(second.status()).isEqualTo(200);
        // RFC 9449 §9: responses keep the client supplied with the current nonce.
        assertThat(second.headers().get("DPoP-Nonce")).containsExactly(nonces.current());
    }

    // --- certificate-bound tokens (RFC 8705 §3) ---

    @Test
    void aCertificateBoundTokenNeedsThatCertificateOnTheConnection() {
        X509Certificate bound = TestCertificates.chain(TestCertificates.selfSigned(dir, "bound", "client")).getFirst();
        X509Certificate other = TestCertificates.chain(TestCertificates.selfSigned(dir, "other", "client")).getFirst();
        String token = token(Map.of("x5t#S256", CertificateThumbprint.sha256(bound)));
        GatewayPipeline pipeline = pipeline(false);

        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("Bearer " + token), bound).status()).isEqualTo(200);
        forwarded.clear();
        assertRefused(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("Bearer " + token), other), "client-certificate-mismatch",
                "Bearer realm=\"bulwark\", error=\"invalid_token\"", "certificate_mismatch");
        assertRefused(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("Bearer " + token), null), "client-certificate-mismatch",
                "error=\"invalid_token\"", "certificate_mismatch");
        assertRefused(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("DPoP " + token), bound), "bearer-scheme-required",
                "error=\"invalid_token\"", "certificate_token_as_dpop");
    }

    // --- bearer tokens (FAPI 2.0 SP §5.3.4) ---

    @Test
    void aTokenWithoutBindingIsRefusedUnlessItsApiAcceptsBearerTokens() {
        String bearer = token(null);
        GatewayPipeline pipeline = pipeline(false);
        assertRefused(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("Bearer " + bearer), null), "sender-constrained-token-required",
                "error=\"invalid_token\"", "bearer_token_not_accepted");
        assertRefused(call(pipeline, "GET", "/bank/v1/accounts/a1", headers("DPoP " + bearer), null), "bearer-scheme-required",
                "error=\"invalid_token\"", "unbound_token_as_dpop");

        assertThat(call(pipeline, "GET", "/legacy/items", headers("Bearer " + bearer), null).status()).isEqualTo(200);
    }

    @Test
    void aTokenWhoseCnfNamesNoKnownBindingIsInvalid() {
        GatewayResponse response = call(pipeline(false), "GET", "/bank/v1/accounts/a1", headers("Bearer " + token(Map.of("kid", "x"))), null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains("error=\"invalid_token\"");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void anInvalidTokenUnderTheDpopSchemeGetsADpopChallenge() {
        GatewayResponse response = call(pipeline(false), "GET", "/bank/v1/accounts/a1", headers("DPoP abc.def.ghi"), null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).startsWith("DPoP realm=\"bulwark\", algs=").contains("error=\"invalid_token\"");
    }
}
