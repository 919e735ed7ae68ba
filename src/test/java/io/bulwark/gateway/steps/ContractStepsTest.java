package io.bulwark.gateway.steps;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.AuditUnavailableException;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.ApiContracts;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RequestValidationStep, ResponseContractStep and AuditStep, each alone in a small pipeline with a scripted upstream. */
class ContractStepsTest {

    private static final Path DOCUMENT = Path.of("src/test/resources/contract/cards-openapi.yaml");
    private static final RouteTable ROUTES = new RouteTable().add("cards", "/api", OpenApiDocument.operations(DOCUMENT));
    private static final ApiContracts CONTRACTS = new ApiContracts().add("cards", ApiContract.load(DOCUMENT));

    private final MutableClock clock = MutableClock.atNow();
    private final List<Exchange> reachedUpstream = new ArrayList<>();
    private final AtomicReference<GatewayResponse> upstreamAnswer = new AtomicReference<>(json(200, "{\"cards\":[]}"));
    private final List<AuditEvent> audited = new ArrayList<>();

    private static GatewayResponse json(int status, String body) {
        return new GatewayResponse(status, Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** Stands in for the route and token steps: matches the route and sets a token with {@code scopes}. */
    private static Step routedWithToken(String... scopes) {
        return TestSteps.step(Phase.AUTHENTICATE, Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN), (exchange, chain) -> {
            exchange.operation(ROUTES.match(exchange.request().method(), exchange.request().path()).orElseThrow());
            exchange.accessToken(TestTokens.token("alice", "partner").scopes(scopes).build());
            return chain.proceed(exchange);
        });
    }

    private final Step upstream = TestSteps.upstream(exchange -> {
        reachedUpstream.add(exchange);
        return upstreamAnswer.get();
    });

    private GatewayResponse handle(GatewayPipeline pipeline, String method, String path, String query, String body) {
        return pipeline.handle(new Exchange(new GatewayRequest(method, path, query, Map.of("Content-Type", List.of("application/json"),
                "Idempotency-Key", List.of("3f2b8c1e-9a4d-4c5e-8f7a-1b2c3d4e5f60")),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "10.0.0.7", null)));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    // --- RequestValidationStep ---

    @Test
    void anInvalidRequestIsRefusedWithAProblemAndNeverForwarded() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(routedWithToken("cards:read"), new RequestValidationStep(CONTRACTS), upstream), RequestTracing.NONE);
        GatewayResponse response = handle(pipeline, "GET", "/api/cards", "limit=1%20OR%201=1", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).isEqualTo("invalid_parameter");
        assertThat(body(response)).contains("https://bulwark.dev/problems/invalid-request-parameter", "query parameter 'limit'")
                .doesNotContain("OR 1=1");
        assertThat(response.headers().get("Content-Type")).containsExactly("application/problem+json");
        assertThat(reachedUpstream).isEmpty();
    }

    @Test
    void aMassAssignmentAttemptIsRefusedAsAnUnknownProperty() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(routedWithToken("transfers:write"), new RequestValidationStep(CONTRACTS), upstream), RequestTracing.NONE);
        GatewayResponse response = handle(pipeline, "POST", "/api/cards/0a1b2c3d/transfers", null,
                "{\"amount\":\"1.00\",\"currency\":\"EUR\",\"approved\":true}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response)).contains("unknown-property", "body /approved");
        assertThat(reachedUpstream).isEmpty();
    }

    @Test
    void aValidRequestIsForwarded() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(routedWithToken("cards:read"), new RequestValidationStep(CONTRACTS), upstream), RequestTracing.NONE);
        assertThat(handle(pipeline, "GET", "/api/cards", "status=active", null).status()).isEqualTo(200);
        assertThat(reachedUpstream).hasSize(1);
    }

    // --- ResponseContractStep ---

    private GatewayPipeline responsePipeline(String... scopes) {
        return new GatewayPipeline(List.of(routedWithToken(scopes), new ResponseContractStep(CONTRACTS), upstream), RequestTracing.NONE);
    }

    @Test
    void aResponseLeakingAnUndeclaredFieldIsWithheld() {
        upstreamAnswer.set(json(200, "{\"id\":\"x\",\"passwordHash\":\"$2b$12$abc\"}"));
        GatewayResponse response = handle(responsePipeline("cards:read"), "GET", "/api/leaky/extra", null, null);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.reason()).isEqualTo("invalid_upstream_response");
        assertThat(body(response)).contains("invalid-upstream-response").doesNotContain("passwordHash", "$2b$");
    }

    @Test
    void aConformingResponseIsMinimizedToTheTokensScopes() {
        upstreamAnswer.set(json(200, "{\"cards\":[{\"cardId\":\"0a1b2c3d\",\"pan\":\"4111111111111111\",\"pinOffset\":\"9911\","
                + "\"holder\":{\"name\":\"Ann\",\"birthDate\":\"1990-01-01\"}}]}"));
        GatewayResponse partner = handle(responsePipeline("cards:read"), "GET", "/api/cards", null, null);
        assertThat(partner.status()).isEqualTo(200);
        assertThat(body(partner)).isEqualTo("{\"cards\":[{\"cardId\":\"0a1b2c3d\",\"pan\":\"************1111\"}]}");

        GatewayResponse trusted = handle(responsePipeline("cards:read", "cards:pan", "cards:holder"), "GET", "/api/cards", null, null);
        assertThat(body(trusted)).contains("4111111111111111", "Ann", "1990-01-01").doesNotContain("pinOffset", "9911");
    }

    @Test
    void theGatewaysOwnRefusalsPassUntouched() {
        GatewayResponse refusal = GatewayResponse.refuse(io.bulwark.http.Problem.of("upstream-timeout", "Gateway Timeout", 504, "late"), "upstream_timeout");
        upstreamAnswer.set(refusal);
        assertThat(handle(responsePipeline("cards:read"), "GET", "/api/cards", null, null)).isSameAs(refusal);
    }

    // --- AuditStep ---

    @Test
    void everyRequestLeavesOneAuditEventWithWhoWhatAndTheDecision() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(new AuditStep(audited::add, clock), routedWithToken("cards:read"),
                new RequestValidationStep(CONTRACTS), upstream), RequestTracing.NONE);
        handle(pipeline, "GET", "/api/cards/0a1b2c3d", null, null);
        handle(pipeline, "GET", "/api/cards/4111111111111111", null, null);

        assertThat(audited).hasSize(2);
        AuditEvent allowed = audited.getFirst();
        assertThat(allowed.decision()).isEqualTo(AuditDecision.ALLOWED);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.subject()).isEqualTo("alice");
        assertThat(allowed.clientId()).isEqualTo("partner");
        assertThat(allowed.api()).isEqualTo("cards");
        assertThat(allowed.operation()).isEqualTo("getCard");
        assertThat(allowed.objects()).containsEntry("cardId", "0a1b2c3d");
        assertThat(allowed.bytesOut()).isEqualTo("{\"cards\":[]}".length());
        assertThat(allowed.remoteAddress()).isEqualTo("10.0.0.7");
        assertThat(allowed.at()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));

        AuditEvent refused = audited.get(1);
        assertThat(refused.decision()).isEqualTo(AuditDecision.REFUSED);
        assertThat(refused.reason()).isEqualTo("invalid_parameter");
        assertThat(refused.problem()).isEqualTo("invalid-request-parameter");
        assertThat(refused.objects()).containsEntry("cardId", "************1111");
        assertThat(refused.path()).doesNotContain("4111111111111111");
    }

    @Test
    void aRefusalBeforeRoutingIsAuditedWithoutOperationOrIdentity() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(new AuditStep(audited::add, clock), new RouteStep(ROUTES), upstream), RequestTracing.NONE);
        GatewayResponse response = handle(pipeline, "GET", "/api/admin", null, null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo("undeclared_route");
            assertThat(event.operation()).isNull();
            assertThat(event.subject()).isNull();
            assertThat(event.path()).isEqualTo("/api/admin");
        });
    }

    @Test
    void aResponseThatCannotBeAuditedIsWithheld() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(new AuditStep(event -> {
            throw new AuditUnavailableException("database down", null);
        }, clock), routedWithToken("cards:read"), upstream), RequestTracing.NONE);
        GatewayResponse response = handle(pipeline, "GET", "/api/cards", null, null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(body(response)).contains("audit-unavailable").doesNotContain("cards\":[");
    }

    @Test
    void aFailingStepIsAuditedAsFailedAndTheFailureGoesOn() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(new AuditStep(audited::add, clock), routedWithToken("cards:read"),
                TestSteps.upstream(exchange -> {
                    throw new IllegalStateException("bug");
                })), RequestTracing.NONE);
        assertThatThrownBy(() -> handle(pipeline, "GET", "/api/cards", null, null)).hasMessage("bug");
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.decision()).isEqualTo(AuditDecision.FAILED);
            assertThat(event.status()).isEqualTo(500);
        });
    }
}
