package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.CorsConfig;
import io.bulwark.config.RateLimitPolicyConfig.KeyPart;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.ratelimit.LocalRateLimiter;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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

/** CorsStep between the limits before authentication and the token check, with a recording upstream. */
class CorsStepTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";
    private static final String APP = "https://app.example.com";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T10:00:15Z"));
    private final ECKey key = JwtFactory.ecKey("k1");
    private final List<Upstream.Request> forwarded = new ArrayList<>();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final GatewayPipeline pipeline = pipeline(100);

    private GatewayPipeline pipeline(long perIpLimit) {
        var rateLimits = new RateLimitPolicies(new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of(), List.of(
                new RateLimitPolicyConfig("per-ip", List.of(KeyPart.IP), perIpLimit, Duration.ofMinutes(1), null, Refill.INTERVAL,
                        null, null, null))), List.of("getAccount", "createPayment", "deletePayment", "getCard"));
        return new GatewayPipeline(List.of(
                new SecurityEventStep(events::add, clock),
                new RouteStep(new RouteTable()
                        .add("bank", "/bank/v1", List.of(
                                TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read"))),
                                TestOperations.operation("createPayment", "POST", "/payments", List.of(Set.of("payments:write"))),
                                TestOperations.operation("deletePayment", "DELETE", "/payments", List.of(Set.of("payments:write")))))
                        .add("cards", "/cards", List.of(TestOperations.operation("getCard", "GET", "/cards/{id}", List.of(Set.of("cards:read")))))),
                RateLimitStep.beforeAuthentication(rateLimits, new LocalRateLimiter(clock)),
                new CorsStep(Map.of("bank", new CorsConfig(List.of(APP), Set.of("GET", "POST"), CorsConfig.DEFAULT_ALLOWED_HEADERS,
                        CorsConfig.DEFAULT_EXPOSED_HEADERS, Duration.ofMinutes(10)))),
                new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), clock), Optional.empty()),
                new ScopeStep(),
                TestSteps.identityAsserted(),
                new ProxyStep(Map.of("bank", this::upstream, "cards", this::upstream), Map.of("bank", "/bank/v1", "cards", "/cards"), clock)), RequestTracing.NONE);
    }

    private GatewayResponse upstream(Upstream.Request request) {
        forwarded.add(request);
        // An upstream with CORS opinions of its own: the gateway's policy must be the only one that reaches the browser.
        return new GatewayResponse(200, Map.of("Content-Type", List.of("application/json"), "Access-Control-Allow-Origin", List.of("*"),
                "X-Request-Id", List.of("r-1")), "{}".getBytes(StandardCharsets.UTF_8), null, null);
    }

    private String token() {
        Instant now = clock.instant();
        return JwtFactory.sign(key, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject("alice").claim("client_id", "partner")
                .claim("scope", "accounts:read payments:write cards:read")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID("j").build());
    }

    private GatewayResponse call(GatewayPipeline through, String method, String path, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return through.handle(new Exchange(new GatewayRequest(method, path, null, headers, new byte[0], "127.0.0.1", null)));
    }

    private GatewayResponse call(String method, String path, String... headerPairs) {
        return call(pipeline, method, path, headerPairs);
    }

    private static String header(GatewayResponse response, String name) {
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
    }

    private static List<String> accessControlHeaders(GatewayResponse response) {
        return response.headers().keySet().stream().filter(name -> name.toLowerCase().startsWith("access-control-")).toList();
    }

    @Test
    void answersAnAllowedPreflightItselfWithoutAToken() {
        GatewayResponse response = call("OPTIONS", "/bank/v1/payments", "Origin", APP, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, dpop, content-type");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.refused()).isFalse();
        assertThat(response.reason()).isEqualTo("cors_preflight");
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(header(response, "Access-Control-Allow-Methods")).isEqualTo("GET, POST");
        assertThat(header(response, "Access-Control-Allow-Headers")).isEqualTo("Authorization, DPoP, Content-Type");
        assertThat(header(response, "Access-Control-Max-Age")).isEqualTo("600");
        assertThat(header(response, "Access-Control-Allow-Credentials")).isNull();
        assertThat(header(response, "Vary")).contains("Origin");
        assertThat(header(response, "RateLimit")).as("counted by the limits before authentication").isNotNull();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void refusesPreflightsFromOtherOriginsForOtherMethodsOrHeaders() {
        assertRefusedPreflight(call("OPTIONS", "/bank/v1/payments", "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"), "cors_origin_not_allowed");
        assertRefusedPreflight(call("OPTIONS", "/bank/v1/payments", "Origin", "null",
                "Access-Control-Request-Method", "POST"), "cors_origin_not_allowed");
        assertRefusedPreflight(call("OPTIONS", "/bank/v1/payments", "Origin", APP,
                "Access-Control-Request-Method", "DELETE"), "cors_method_not_allowed");
        assertRefusedPreflight(call("OPTIONS", "/bank/v1/payments", "Origin", APP, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, x-debug"), "cors_headers_not_allowed");
        assertThat(events).extracting(event -> event.details().get("reason")).containsExactly("cors_origin_not_allowed", "cors_origin_not_allowed",
                "cors_method_not_allowed", "cors_headers_not_allowed");
        assertThat(forwarded).isEmpty();
    }

    private static void assertRefusedPreflight(GatewayResponse response, String reason) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.refusal()).isEqualTo(CorsStep.PREFLIGHT_REFUSED);
        assertThat(response.reason()).isEqualTo(reason);
        assertThat(accessControlHeaders(response)).isEmpty();
    }

    @Test
    void aPreflightForAnUndeclaredOperationIsAnUndeclaredRoute() {
        GatewayResponse response = call("OPTIONS", "/bank/v1/payments", "Origin", APP, "Access-Control-Request-Method", "PUT");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.reason()).isEqualTo("undeclared_route");
    }

    @Test
    void marksEveryAnswerToAnAllowedOriginRefusalsIncluded() {
        GatewayResponse allowed = call("GET", "/bank/v1/accounts/a1", "Origin", APP, "Authorization", "Bearer " + token());
        GatewayResponse unauthenticated = call("GET", "/bank/v1/accounts/a1", "Origin", APP);

        for (GatewayResponse response : List.of(allowed, unauthenticated)) {
            assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(header(response, "Access-Control-Expose-Headers"))
                    .isEqualTo("DPoP-Nonce, RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate, X-Request-Id");
            assertThat(header(response, "Vary")).isEqualTo("Origin");
        }
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(header(unauthenticated, "WWW-Authenticate")).isNotNull();
        assertThat(forwarded).hasSize(1);
    }

    @Test
    void refusesActualRequestsFromOtherOriginsBeforeTheApi() {
        GatewayResponse response = call("GET", "/bank/v1/accounts/a1", "Origin", "https://evil.example", "Authorization", "Bearer " + token());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.refusal()).isEqualTo(CorsStep.ORIGIN_NOT_ALLOWED);
        assertThat(accessControlHeaders(response)).isEmpty();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void callersWithoutOriginAreServedAsBeforeWithoutCorsHeaders() {
        GatewayResponse response = call("GET", "/bank/v1/accounts/a1", "Authorization", "Bearer " + token());

        assertThat(response.status()).isEqualTo(200);
        assertThat(accessControlHeaders(response)).as("the upstream's own CORS header is dropped").isEmpty();
        assertThat(header(response, "Vary")).isEqualTo("Origin");
    }

    @Test
    void anApiWithoutCorsNeverEmitsAccessControlHeadersAndAnswersPreflightsAsUndeclared() {
        GatewayResponse actual = call("GET", "/cards/cards/c1", "Origin", APP, "Authorization", "Bearer " + token());
        GatewayResponse preflight = call("OPTIONS", "/cards/cards/c1", "Origin", APP, "Access-Control-Request-Method", "GET");

        assertThat(actual.status()).isEqualTo(200);
        assertThat(accessControlHeaders(actual)).isEmpty();
        assertThat(header(actual, "Vary")).isNull();
        assertThat(preflight.status()).isEqualTo(404);
        assertThat(preflight.refusal()).isEqualTo(RouteStep.UNDECLARED);
        assertThat(accessControlHeaders(preflight)).isEmpty();
        assertThat(forwarded).hasSize(1);
    }

    @Test
    void preflightsCountAgainstTheLimitsBeforeAuthentication() {
        GatewayPipeline strict = pipeline(2);
        for (int i = 0; i < 2; i++) {
            assertThat(call(strict, "OPTIONS", "/bank/v1/payments", "Origin", APP, "Access-Control-Request-Method", "POST").status())
                    .isEqualTo(204);
        }

        GatewayResponse third = call(strict, "OPTIONS", "/bank/v1/payments", "Origin", APP, "Access-Control-Request-Method", "POST");

        assertThat(third.status()).isEqualTo(429);
        assertThat(forwarded).isEmpty();
    }
}
