package io.bulwark.gateway.steps;

import io.bulwark.gateway.Phase;
import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
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
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.openapi.AllowedCaller;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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

/** Each step alone, and the pipeline in its declared order, with a recording upstream behind it. */
class PipelineStepsTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey key = JwtFactory.ecKey("k1");
    private final List<Upstream.Request> forwarded = new ArrayList<>();
    private final List<SecurityEvent> events = new ArrayList<>();

    private final GatewayPipeline pipeline = new GatewayPipeline(List.of(
            new SecurityEventStep(events::add, clock),
            new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                    TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read"))),
                    TestOperations.operation("createPayment", "POST", "/payments", List.of(Set.of("payments:write")))))),
            new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), clock), Optional.empty()),
            new ScopeStep(),
            TestSteps.identityAsserted(),
            new ProxyStep(Map.of("bank", request -> {
                forwarded.add(request);
                return new GatewayResponse(201, Map.of("Location", List.of("/payments/p-1"), "Server", List.of("bank/1.0"),
                        "Content-Type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), null, null);
            }), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE);

    private String token(String scope) {
        Instant now = clock.instant();
        return JwtFactory.sign(key, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject("alice").claim("client_id", "partner").claim("scope", scope)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID("j").build());
    }

    private GatewayResponse call(String method, String path, String query, Map<String, List<String>> headers) {
        return pipeline.handle(new Exchange(new GatewayRequest(method, path, query, headers, new byte[0], "127.0.0.1", null)));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void forwardsAnAuthorizedCallWithTheVerifiedIdentityOnly() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer " + token("payments:write")));
        headers.put("X-Bulwark-Subject", List.of("bob"));
        headers.put("Cookie", List.of("session=1"));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        headers.put("tracestate", List.of("vendor=abc"));
        headers.put("x-fapi-interaction-id", List.of("6f1c4c1e-8d2b-4b7e-9a55-0c2e3b6f7d10"));
        GatewayResponse response = call("POST", "/bank/v1/payments", null, headers);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).containsEntry("Location", List.of("/bank/v1/payments/p-1")).doesNotContainKey("Server");
        Upstream.Request sent = forwarded.getFirst();
        assertThat(sent.pathAndQuery()).isEqualTo("/payments");
        assertThat(sent.headers()).containsEntry("X-Bulwark-Subject", List.of("alice"))
                .containsEntry("X-Bulwark-Client-Id", List.of("partner"))
                .containsEntry("Content-Type", List.of("application/json"))
                .doesNotContainKeys("Authorization", "Cookie").containsKey("X-Request-Id")
                .containsEntry("x-fapi-interaction-id", List.of("6f1c4c1e-8d2b-4b7e-9a55-0c2e3b6f7d10"));
        // The caller's trace context never passes as sent: the upstream call's own span writes it (TracedUpstream, TracingEndToEndTest).
        assertThat(sent.headers()).doesNotContainKeys("traceparent", "tracestate");
        assertThat(events).isEmpty();
    }

    @Test
    void anInvalidInteractionIdIsReplacedUpstreamNotForwarded() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Bearer " + token("payments:write")));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("x-fapi-interaction-id", List.of("not-a-uuid\r\nX-Evil: 1"));
        assertThat(call("POST", "/bank/v1/payments", null, headers).status()).isEqualTo(201);
        String forwardedId = forwarded.getFirst().headers().get("x-fapi-interaction-id").getFirst();
        assertThat(java.util.UUID.fromString(forwardedId).toString()).isEqualTo(forwardedId);
    }

    @Test
    void callerStepAdmitsOnlyTheKindOfTokenTheOperationServes() {
        GatewayPipeline withCaller = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read"))),
                        TestOperations.operation("listProducts", "GET", "/products", List.of(Set.of("accounts:read")))
                                .withCaller(AllowedCaller.CLIENT),
                        TestOperations.operation("listRates", "GET", "/rates", List.of(Set.of("accounts:read"))).withCaller(AllowedCaller.ANY)))),
                new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), clock), Optional.empty()),
                new ScopeStep(),
                new CallerStep(),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", request -> {
                    forwarded.add(request);
                    return new GatewayResponse(200, Map.of(), new byte[0], null, null);
                }), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE);
        // RFC 9068 §2.2: client credentials give sub = client_id and no grant_id: the client acting for itself.
        String clientsOwn = tokenFor("partner");
        String alices = tokenFor("alice");
        java.util.function.BiFunction<String, String, GatewayResponse> get = (path, token) -> withCaller.handle(new Exchange(
                new GatewayRequest("GET", path, null, Map.of("Authorization", List.of("Bearer " + token)), new byte[0], "127.0.0.1", null)));

        GatewayResponse noUser = get.apply("/bank/v1/accounts/a1", clientsOwn);
        assertThat(noUser.status()).isEqualTo(403);
        assertThat(body(noUser)).contains("https://bulwark.dev/problems/caller-not-allowed");
        GatewayResponse aUser = get.apply("/bank/v1/products", alices);
        assertThat(aUser.status()).isEqualTo(403);
        assertThat(body(aUser)).contains("https://bulwark.dev/problems/caller-not-allowed");
        assertThat(forwarded).as("refused before the upstream").isEmpty();

        assertThat(get.apply("/bank/v1/accounts/a1", alices).status()).isEqualTo(200);
        assertThat(get.apply("/bank/v1/products", clientsOwn).status()).isEqualTo(200);
        assertThat(get.apply("/bank/v1/rates", clientsOwn).status()).isEqualTo(200);
        assertThat(get.apply("/bank/v1/rates", alices).status()).isEqualTo(200);
        assertThat(forwarded).hasSize(4);
    }

    private String tokenFor(String subject) {
        Instant now = clock.instant();
        return JwtFactory.sign(key, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("client_id", "partner").claim("scope", "accounts:read")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID("j-" + subject).build());
    }

    @Test
    void undeclaredRouteIsRefusedBeforeAuthenticationAndReported() {
        GatewayResponse response = call("GET", "/bank/v1/admin", null, Map.of());
        assertThat(response.status()).isEqualTo(404);
        assertThat(body(response)).contains("https://bulwark.dev/problems/undeclared-route");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("request_refused");
            assertThat(e.details()).containsEntry("reason", "undeclared_route").containsEntry("path", "/bank/v1/admin");
        });
        assertThat(forwarded).isEmpty();
    }

    @Test
    void missingTokenGetsAChallengeWithoutErrorCode() {
        GatewayResponse response = call("GET", "/bank/v1/accounts/a1", null, Map.of());
        assertThat(response.status()).isEqualTo(401);
        // RFC 9449 §7.1 and RFC 6750 §3: both schemes offered, DPoP with the algorithms it accepts, no error code.
        assertThat(response.headers().get("WWW-Authenticate"))
                .containsExactly("DPoP realm=\"bulwark\", algs=\"PS256 ES256 EdDSA\", Bearer realm=\"bulwark\"");
        assertThat(response.headers().get("Content-Type")).containsExactly("application/problem+json");
    }

    @Test
    void tokenInQueryIsRefusedEvenWhenAHeaderIsSent() {
        GatewayResponse response = call("GET", "/bank/v1/accounts/a1", "x=1&access_token=" + token("accounts:read"),
                Map.of("Authorization", List.of("Bearer " + token("accounts:read"))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains("error=\"invalid_request\"");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void invalidTokenGets401InvalidToken() {
        GatewayResponse response = call("GET", "/bank/v1/accounts/a1", null, Map.of("Authorization", List.of("Bearer abc.def.ghi")));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate").getFirst()).contains("error=\"invalid_token\"");
        assertThat(events.getFirst().details()).containsEntry("reason", "invalid_token");
    }

    @Test
    void wrongScopeGets403InsufficientScopeNamingTheScope() {
        GatewayResponse response = call("POST", "/bank/v1/payments", null, Map.of("Authorization", List.of("Bearer " + token("accounts:read"))));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers().get("WWW-Authenticate").getFirst())
                .contains("error=\"insufficient_scope\"").contains("scope=\"payments:write\"");
        assertThat(events.getFirst().details()).containsEntry("client_id", "partner").containsEntry("operation", "createPayment");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void malformedAndDuplicatedAuthorizationAreRefused() {
        assertThat(call("GET", "/bank/v1/accounts/a1", null, Map.of("Authorization", List.of("Basic dXNlcjpwYXNz"))).status()).isEqualTo(401);
        assertThat(call("GET", "/bank/v1/accounts/a1", null, Map.of("Authorization", List.of("Bearer a b"))).status()).isEqualTo(400);
        String t = token("accounts:read");
        assertThat(call("GET", "/bank/v1/accounts/a1", null, Map.of("Authorization", List.of("Bearer " + t, "Bearer " + t))).status()).isEqualTo(400);
    }

    @Test
    void anOpenCircuitsRetryAfterIsCountedOnTheInjectedClock() {
        // A clock years away from the wall clock: a Retry-After counted from Instant.now() would be off by years.
        MutableClock elsewhere = new MutableClock(Instant.parse("2031-03-01T12:00:00Z"));
        GatewayPipeline open = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(TestOperations.operation("x", "GET", "/x", List.of(Set.of()))))),
                TestSteps.token(exchange -> TestTokens.token("s", "c").build()),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", request -> {
                    throw Upstream.UpstreamException.circuitOpen(elsewhere.instant().plusSeconds(42));
                }), Map.of("bank", "/bank/v1"), elsewhere)), RequestTracing.NONE);

        GatewayResponse response = open.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/x", null, Map.of(), null, "1.2.3.4", null)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("42");
    }

    @Test
    void upstreamFailureBecomes502WithoutDetail() {
        GatewayPipeline failing = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(TestOperations.operation("x", "GET", "/x", List.of(Set.of())))))
                , TestSteps.token(exchange -> TestTokens.token("s", "c").build()),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", request -> {
                    throw Upstream.UpstreamException.failed("connection refused: bank.internal:8444", false, null);
                }), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE);
        GatewayResponse response = failing.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/x", null, Map.of(), null, "1.2.3.4", null)));
        assertThat(response.status()).isEqualTo(502);
        assertThat(body(response)).doesNotContain("bank.internal");
    }

    @Test
    void aStepThatProceedsTwiceOrATerminalThatProceedsIsAnError() {
        GatewayPipeline twice = new GatewayPipeline(List.of(TestSteps.step(Phase.ROUTE, Set.of(), (exchange, chain) -> {
            chain.proceed(exchange);
            return chain.proceed(exchange);
        }), TestSteps.upstream(exchange -> GatewayResponse.refuse(RouteStep.UNDECLARED, "x"))), RequestTracing.NONE);
        Exchange exchange = new Exchange(new GatewayRequest("GET", "/", null, Map.of(), null, null, null));
        assertThatThrownBy(() -> twice.handle(exchange)).hasMessageContaining("twice");
        GatewayPipeline open = new GatewayPipeline(List.of(TestSteps.step(Phase.PROXY, Set.of(), (e, chain) -> chain.proceed(e))), RequestTracing.NONE);
        assertThatThrownBy(() -> open.handle(exchange)).hasMessageContaining("must answer");
    }
}
