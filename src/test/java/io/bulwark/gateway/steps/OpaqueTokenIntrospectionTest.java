package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.TlsFiles;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.TokenIntrospector;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opaque access tokens through RFC 7662 introspection, against a real HTTPS introspection server (Vert.x, dev CA)
 * that checks the gateway's credentials (mTLS certificate or private_key_jwt), answers active or inactive, and
 * counts its calls; the answer's DPoP {@code cnf} still binds the token at the sender-constraint step.
 */
class OpaqueTokenIntrospectionTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";
    private static final String PUBLIC_URL = "https://api.example.com";
    private static final String ACCOUNT_URL = PUBLIC_URL + "/bank/v1/accounts/a1";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey dpopKey = JwtFactory.ecKey("dpop");
    private final ECKey gatewayKey = JwtFactory.ecKey("gateway-assertion");
    private final List<Upstream.Request> forwarded = new ArrayList<>();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> refusedCredentials = new ArrayList<>();
    private Vertx vertx;
    private DevCertificateAuthority ca;
    private TlsFiles gatewayClient;
    private int port;

    @BeforeEach
    void startIntrospectionServer() throws Exception {
        ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        gatewayClient = ca.clientIdentity("gateway", "Bulwark Gateway");
        vertx = Vertx.vertx();
        // Client certificates requested, not required: private_key_jwt callers come without one.
        HttpServer server = vertx.createHttpServer(TlsPolicy.serverRequestingClientCertificate(
                        ca.serverIdentity("as", List.of("localhost"), List.of("127.0.0.1"))))
                .requestHandler(this::introspect).listen(0, "localhost").await();
        port = server.actualPort();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** RFC 7662 §2: form POST with token and token_type_hint, the caller authenticated; the answer per token. */
    private void introspect(HttpServerRequest request) {
        request.setExpectMultipart(true);
        request.end().onSuccess(ignored -> {
            var form = request.formAttributes();
            String token = form.get("token");
            calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            if (!"POST".equals(request.method().name()) || !"access_token".equals(form.get("token_type_hint"))
                    || !"gateway".equals(form.get("client_id")) && !assertionValid(form.get("client_assertion"))
                    || "gateway".equals(form.get("client_id")) && !request.isSSL()) {
                refusedCredentials.add(token);
                request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_client\"}");
                return;
            }
            if ("gateway".equals(form.get("client_id")) && !hasClientCertificate(request)) {
                refusedCredentials.add(token);
                request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_client\"}");
                return;
            }
            JsonObject answer = switch (token) {
                case "opaque-active", "opaque-dpop" -> active(token);
                case "opaque-foreign-audience" -> active(token).put("aud", "https://other.example");
                case "opaque-refresh-token" -> active(token).put("token_type", "refresh_token");
                case "opaque-shared-audience" -> active(token).put("aud", List.of(AUDIENCE, "https://other.example"));
                case "opaque-expired-within-skew" -> active(token).put("exp", clock.instant().minusSeconds(5).getEpochSecond());
                case "opaque-expired" -> active(token).put("exp", clock.instant().minusSeconds(11).getEpochSecond());
                case "opaque-broken" -> null;
                default -> new JsonObject().put("active", false);
            };
            if (answer == null) {
                request.response().setStatusCode(500).end("oops");
                return;
            }
            request.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
    }

    private JsonObject active(String token) {
        try {
            return new JsonObject().put("active", true).put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "alice")
                    .put("client_id", "partner").put("scope", "accounts:read").put("jti", "jti-" + token).put("grant_id", "g-1")
                    .put("exp", Instant.now().plusSeconds(300).getEpochSecond()).put("token_type", "DPoP")
                    .put("cnf", new JsonObject().put("jkt", dpopKey.toPublicJWK().computeThumbprint().toString()))
                    .put("authorization_details", List.of(Map.of("type", "account_information", "accounts", List.of("a1"),
                            "actions", List.of("read"))));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasClientCertificate(HttpServerRequest request) {
        try {
            return !request.connection().sslSession().getPeerCertificates()[0].toString().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private boolean assertionValid(String assertion) {
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            return jwt.verify(new ECDSAVerifier(gatewayKey.toPublicJWK())) && jwt.getJWTClaimsSet().getAudience().equals(List.of(ISSUER))
                    && "gateway-jwt".equals(jwt.getJWTClaimsSet().getSubject());
        } catch (Exception e) {
            return false;
        }
    }

    // --- the gateway's side ---

    private TokenIntrospector mtlsIntrospector(int port) {
        return introspector(port, TlsPolicy.jdkClientContext(gatewayClient, ca.caCertificate()),
                () -> new PKITLSClientAuthentication(new ClientID("gateway"), (javax.net.ssl.SSLSocketFactory) null));
    }

    private TokenIntrospector introspector(int port, javax.net.ssl.SSLContext tls, Supplier<ClientAuthentication> authentication) {
        return new TokenIntrospector(HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build(),
                URI.create("https://localhost:" + port + "/introspect"), authentication, ISSUER, AUDIENCE, Duration.ofSeconds(1),
                // Generous: the first handshake of a cold JVM on a loaded 2-core machine takes seconds.
                Duration.ofSeconds(10), clock);
    }

    private GatewayPipeline pipeline(Optional<TokenIntrospector> introspector) {
        return new GatewayPipeline(List.of(
                new SecurityEventStep(events::add, clock),
                new RouteStep(new RouteTable().add("bank", "/bank/v1",
                        List.of(TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read")))))),
                new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(JwtFactory.ecKey("k1")
                        .toPublicJWK())), clock), introspector),
                new SenderConstraintStep(new DpopProofVerifier(new InMemoryReplayGuard(clock),
                        new DpopNonces(new SecretKeySpec(new byte[32], "HmacSHA256"), clock), false, Duration.ofSeconds(60), clock),
                        URI.create(PUBLIC_URL), Set.of()),
                new ScopeStep(),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", this::answer), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE);
    }

    private GatewayResponse answer(Upstream.Request request) {
        forwarded.add(request);
        return new GatewayResponse(200, Map.of("Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), null, null);
    }

    private GatewayResponse call(GatewayPipeline pipeline, String token) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("DPoP " + token));
        headers.put("DPoP", List.of(DpopProofs.proof(dpopKey, "GET", ACCOUNT_URL, token, null, clock.instant())));
        return pipeline.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/accounts/a1", null, headers, new byte[0], "127.0.0.1", null)));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void anActiveOpaqueTokenPassesWithItsDpopBindingAndTheAnswerIsCachedForTheTtl() {
        GatewayPipeline pipeline = pipeline(Optional.of(mtlsIntrospector(port)));
        for (int i = 0; i < 3; i++) {
            GatewayResponse response = call(pipeline, "opaque-dpop");
            assertThat(response.status()).as(body(response)).isEqualTo(200);
        }
        assertThat(calls.get("opaque-dpop")).as("one introspection within the TTL").hasValue(1);
        assertThat(forwarded).hasSize(3).allSatisfy(request -> assertThat(request.headers()).containsEntry(ProxyStep.SUBJECT_HEADER,
                List.of("alice")).containsEntry(ProxyStep.CLIENT_HEADER, List.of("partner")));

        clock.advance(Duration.ofMillis(1001));
        assertThat(call(pipeline, "opaque-dpop").status()).isEqualTo(200);
        assertThat(calls.get("opaque-dpop")).as("asked again once the TTL has passed, so a revocation shows within it").hasValue(2);
    }

    @Test
    void theIntrospectedCnfStillBindsTheToken() {
        GatewayPipeline pipeline = pipeline(Optional.of(mtlsIntrospector(port)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("DPoP opaque-dpop"));
        // A proof by another key: RFC 9449 §7.1 via the cnf.jkt from the introspection answer (RFC 9449 §6.2).
        headers.put("DPoP", List.of(DpopProofs.proof(JwtFactory.ecKey("thief"), "GET", ACCOUNT_URL, "opaque-dpop", null, clock.instant())));
        GatewayResponse stolen = pipeline.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/accounts/a1", null, headers, new byte[0],
                "127.0.0.1", null)));
        assertThat(stolen.status()).isEqualTo(401);
        assertThat(forwarded).isEmpty();
    }

    @Test
    void anInactiveTokenIsInvalidTokenAndTheInactiveAnswerIsCachedToo() {
        GatewayPipeline pipeline = pipeline(Optional.of(mtlsIntrospector(port)));
        for (int i = 0; i < 2; i++) {
            GatewayResponse response = call(pipeline, "opaque-revoked");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains("invalid_token");
        }
        assertThat(calls.get("opaque-revoked")).hasValue(1);
        assertThat(events.getLast().details()).containsEntry("reason", "invalid_token");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void anActiveRefreshTokenIsNoAccessToken() {
        // Bulwark's own introspection endpoint answers refresh tokens as active, with token_type refresh_token.
        GatewayResponse response = call(pipeline(Optional.of(mtlsIntrospector(port))), "opaque-refresh-token");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains("invalid_token");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void anAnswerForAnotherAudienceIsRefused() {
        assertThat(call(pipeline(Optional.of(mtlsIntrospector(port))), "opaque-foreign-audience").status()).isEqualTo(401);
        assertThat(forwarded).isEmpty();
    }

    @Test
    void anAnswerForThisGatewayAndAnotherPartyIsRefusedAsAJwtWouldBe() {
        GatewayResponse response = call(pipeline(Optional.of(mtlsIntrospector(port))), "opaque-shared-audience");
        assertThat(response.status()).isEqualTo(401);
        assertThat(body(response)).contains("not meant for this API alone (aud)");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void expiryAllowsTheSameClockSkewAsForAJwt() {
        GatewayPipeline pipeline = pipeline(Optional.of(mtlsIntrospector(port)));
        assertThat(call(pipeline, "opaque-expired-within-skew").status()).as("5 s past exp, within the 10 s skew").isEqualTo(200);
        GatewayResponse expired = call(pipeline, "opaque-expired");
        assertThat(expired.status()).as("11 s past exp").isEqualTo(401);
        assertThat(body(expired)).contains("the access token has expired");
    }

    @Test
    void aFailingOrUnreachableEndpointIs503AndNeverLetsTheRequestThrough() throws Exception {
        GatewayResponse broken = call(pipeline(Optional.of(mtlsIntrospector(port))), "opaque-broken");
        assertThat(broken.status()).isEqualTo(503);
        assertThat(body(broken)).contains("https://bulwark.dev/problems/token-introspection-unavailable");
        assertThat(events.getLast().details()).containsEntry("reason", "introspection_unavailable");

        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayResponse down = call(pipeline(Optional.of(mtlsIntrospector(closedPort))), "opaque-active");
        assertThat(down.status()).isEqualTo(503);
        // The gateway's own credentials refused: the operator's problem, still fail closed.
        GatewayResponse unauthenticated = call(pipeline(Optional.of(introspector(port, TlsPolicy.jdkClientContext(ca.caCertificate()),
                () -> new PKITLSClientAuthentication(new ClientID("gateway"), (javax.net.ssl.SSLSocketFactory) null)))), "opaque-active");
        assertThat(unauthenticated.status()).isEqualTo(503);
        assertThat(refusedCredentials).contains("opaque-active");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void privateKeyJwtAuthenticatesTheGatewayAndJwtsStillGoToLocalVerification() {
        TokenIntrospector introspector = introspector(port, TlsPolicy.jdkClientContext(ca.caCertificate()), () -> {
            try {
                return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID("gateway-jwt"), new Audience(ISSUER)),
                        JWSAlgorithm.ES256, gatewayKey.toECPrivateKey(), gatewayKey.getKeyID(), null);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
        GatewayPipeline pipeline = pipeline(Optional.of(introspector));
        assertThat(call(pipeline, "opaque-dpop").status()).isEqualTo(200);
        assertThat(refusedCredentials).isEmpty();
        // Three dot-separated parts: a JWS, verified locally (and refused: not signed by the issuer), never introspected.
        assertThat(call(pipeline, "aaa.bbb.ccc").status()).isEqualTo(401);
        assertThat(calls).doesNotContainKey("aaa.bbb.ccc");
    }

    @Test
    void withoutIntrospectionAnOpaqueTokenIsInvalidTokenAsBefore() {
        assertThat(call(pipeline(Optional.empty()), "opaque-active").status()).isEqualTo(401);
        assertThat(calls).isEmpty();
    }
}
