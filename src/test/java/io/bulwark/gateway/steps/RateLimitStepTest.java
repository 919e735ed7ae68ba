package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.config.RateLimitPolicyConfig.KeyPart;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate-limit steps in the pipeline: which policies apply, the RateLimit fields, and the 429. */
class RateLimitStepTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T10:00:15Z"));
    private final ECKey key = JwtFactory.ecKey("k1");
    private int upstreamCalls;

    private GatewayPipeline pipeline(RateLimitPolicyConfig... policies) {
        RateLimitsConfig config = new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of("gold-partner", "gold"), List.of(policies));
        RateLimitPolicies compiled = new RateLimitPolicies(config, List.of("getAccount", "createPayment"));
        LocalRateLimiter limiter = new LocalRateLimiter(clock);
        return new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read"))),
                        TestOperations.operation("createPayment", "POST", "/payments", List.of(Set.of("payments:write")))))),
                RateLimitStep.beforeAuthentication(compiled, limiter),
                new AccessTokenStep(new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), clock), Optional.empty()),
                RateLimitStep.afterAuthentication(compiled, limiter),
                new ScopeStep(),
                TestSteps.upstream(exchange -> {
                    upstreamCalls++;
                    return new GatewayResponse(200, Map.of("Content-Type", List.of("application/json")),
                            "{}".getBytes(StandardCharsets.UTF_8), null, null);
                })), RequestTracing.NONE);
    }

    private static RateLimitPolicyConfig policy(String name, List<KeyPart> key, long limit, String api, String operation, String tier) {
        return new RateLimitPolicyConfig(name, key, limit, Duration.ofMinutes(1), null, Refill.INTERVAL, api, operation, tier);
    }

    private String token(String clientId, String subject) {
        Instant now = clock.instant();
        return JwtFactory.sign(key, JWSAlgorithm.ES256, new JOSEObjectType("at+jwt"), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("client_id", clientId)
                .claim("scope", "accounts:read payments:write")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID("j").build());
    }

    private static GatewayResponse call(GatewayPipeline pipeline, String method, String path, String token, String ip) {
        Map<String, List<String>> headers = token == null ? Map.of() : Map.of("Authorization", List.of("Bearer " + token));
        return pipeline.handle(new Exchange(new GatewayRequest(method, path, null, headers, new byte[0], ip, null)));
    }

    private static String header(GatewayResponse response, String name) {
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
    }

    @Test
    void limitsPerClientWithTheIetfFieldsThenRefusesWith429AndRetryAfter() {
        GatewayPipeline pipeline = pipeline(policy("per-client", List.of(KeyPart.CLIENT), 2, null, null, null));
        String token = token("partner", "alice");

        GatewayResponse first = call(pipeline, "GET", "/bank/v1/accounts/a1", token, "192.0.2.1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-client\";q=2;w=60");
        assertThat(header(first, "RateLimit")).isEqualTo("\"per-client\";r=1;t=45");
        GatewayResponse second = call(pipeline, "GET", "/bank/v1/accounts/a1", token, "192.0.2.2");
        assertThat(header(second, "RateLimit")).isEqualTo("\"per-client\";r=0;t=45");

        GatewayResponse refused = call(pipeline, "GET", "/bank/v1/accounts/a1", token, "192.0.2.3");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(header(refused, "Retry-After")).isEqualTo("45");
        assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(header(refused, "RateLimit-Policy")).isEqualTo("\"per-client\";q=2;w=60");
        assertThat(header(refused, "RateLimit")).isEqualTo("\"per-client\";r=0;t=45");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("\"type\":\"https://bulwark.dev/problems/rate-limited\"", "\"status\":429", "retry after 45 s");
        assertThat(refused.reason()).isEqualTo("rate_limited:per-client");
        assertThat(upstreamCalls).isEqualTo(2);

        // Another client has a bucket of its own.
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", token("other", "alice"), "192.0.2.3").status()).isEqualTo(200);
    }

    @Test
    void limitsBySourceAddressBeforeTheTokenIsEvenChecked() {
        GatewayPipeline pipeline = pipeline(policy("per-ip", List.of(KeyPart.IP), 1, null, null, null));
        GatewayResponse unauthenticated = call(pipeline, "GET", "/bank/v1/accounts/a1", null, "198.51.100.7");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(header(unauthenticated, "RateLimit")).isEqualTo("\"per-ip\";r=0;t=45");
        GatewayResponse refused = call(pipeline, "GET", "/bank/v1/accounts/a1", "not-even-a-jwt", "198.51.100.7");
        assertThat(refused.status()).as("refused before the token is verified").isEqualTo(429);
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", token("partner", "alice"), "198.51.100.8").status()).isEqualTo(200);
    }

    @Test
    void selectsPoliciesByApiOperationAndTierAndReportsEveryOneThatApplies() {
        GatewayPipeline pipeline = pipeline(
                policy("payments", List.of(KeyPart.CLIENT, KeyPart.OPERATION), 1, "bank", "createPayment", null),
                policy("gold", List.of(KeyPart.CLIENT), 100, null, null, "gold"),
                policy("standard", List.of(KeyPart.CLIENT), 10, null, null, "default"),
                policy("per-user", List.of(KeyPart.USER), 50, "bank", null, null));
        String gold = token("gold-partner", "alice");

        GatewayResponse read = call(pipeline, "GET", "/bank/v1/accounts/a1", gold, "192.0.2.1");
        assertThat(header(read, "RateLimit-Policy")).isEqualTo("\"gold\";q=100;w=60, \"per-user\";q=50;w=60");
        GatewayResponse pay = call(pipeline, "POST", "/bank/v1/payments", gold, "192.0.2.1");
        assertThat(header(pay, "RateLimit-Policy")).isEqualTo("\"payments\";q=1;w=60, \"gold\";q=100;w=60, \"per-user\";q=50;w=60");
        assertThat(header(pay, "RateLimit")).isEqualTo("\"payments\";r=0;t=45, \"gold\";r=98;t=45, \"per-user\";r=48;t=45");
        GatewayResponse payAgain = call(pipeline, "POST", "/bank/v1/payments", gold, "192.0.2.1");
        assertThat(payAgain.status()).isEqualTo(429);

        GatewayResponse standard = call(pipeline, "GET", "/bank/v1/accounts/a1", token("partner", "bob"), "192.0.2.1");
        assertThat(header(standard, "RateLimit-Policy")).isEqualTo("\"standard\";q=10;w=60, \"per-user\";q=50;w=60");
    }

    @Test
    void theSameUserIsCountedAcrossClients() {
        GatewayPipeline pipeline = pipeline(policy("per-user", List.of(KeyPart.USER), 1, null, null, null));
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", token("app-one", "alice"), "192.0.2.1").status()).isEqualTo(200);
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", token("app-two", "alice"), "192.0.2.1").status()).isEqualTo(429);
        assertThat(call(pipeline, "GET", "/bank/v1/accounts/a1", token("app-two", "bob"), "192.0.2.1").status()).isEqualTo(200);
    }

    @Test
    void unlimitedRoutesCarryNoRateLimitFields() {
        GatewayPipeline pipeline = pipeline(policy("payments", List.of(KeyPart.CLIENT), 1, null, "createPayment", null));
        GatewayResponse read = call(pipeline, "GET", "/bank/v1/accounts/a1", token("partner", "alice"), "192.0.2.1");
        assertThat(read.status()).isEqualTo(200);
        assertThat(header(read, "RateLimit")).isNull();
        assertThat(header(read, "RateLimit-Policy")).isNull();
    }

    @Test
    void aPolicyNamingAnUndeclaredOperationStopsTheStart() {
        RateLimitsConfig config = new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of(),
                List.of(policy("typo", List.of(KeyPart.CLIENT), 1, null, "getAcount", null)));
        assertThatThrownBy(() -> new RateLimitPolicies(config, List.of("getAccount")))
                .hasMessageContaining("getAcount").hasMessageContaining("declared: getAccount");
    }
}
