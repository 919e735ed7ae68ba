package io.bulwark.gateway;

import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.gateway.steps.AccessTokenStep;
import io.bulwark.gateway.steps.IdentityAssertionStep;
import io.bulwark.gateway.steps.ProxyStep;
import io.bulwark.gateway.steps.RouteStep;
import io.bulwark.gateway.steps.ScopeStep;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.IdentityAssertionSigner;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline's order is a checked fact: refused at construction, with the steps at fault named. */
class GatewayPipelineTest {

    private static final RouteTable ROUTES = new RouteTable().add("bank", "/bank/v1",
            List.of(TestOperations.operation("getAccount", "GET", "/accounts/{id}", List.of(Set.of("accounts:read")))));

    private final MutableClock clock = MutableClock.atNow();
    private final RouteStep route = new RouteStep(ROUTES);
    private final AccessTokenStep token = new AccessTokenStep(new AccessTokenVerifier("https://as.example", "https://gw.example",
            (selector, context) -> List.of(), clock), Optional.empty());
    private final ScopeStep scope = new ScopeStep();
    private final IdentityAssertionStep identity = new IdentityAssertionStep(new IdentityAssertionSigner(null, "https://gw.example",
            java.time.Duration.ofSeconds(30), clock));
    private final ProxyStep proxy = new ProxyStep(Map.of(), Map.of(), clock);

    @Test
    void stepsInPhaseOrderWithEveryNeededFactProvidedFormAPipeline() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(route, token, scope, identity, proxy), RequestTracing.NONE);
        assertThat(pipeline.describe()).containsExactly("RouteStep [ROUTE]", "AccessTokenStep [AUTHENTICATE]", "ScopeStep [AUTHORIZE]",
                "IdentityAssertionStep [ASSERT_IDENTITY]", "ProxyStep [PROXY]");
    }

    @Test
    void aSwappedPairIsRefusedNamingBothSteps() {
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, token, identity, scope, proxy), RequestTracing.NONE))
                .isInstanceOf(PipelineOrderException.class)
                .hasMessage("ScopeStep (phase AUTHORIZE) must come before IdentityAssertionStep (phase ASSERT_IDENTITY), not after it");
        // A swap that also breaks a fact's order is named by the fact the moved step needs.
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, scope, token, identity, proxy), RequestTracing.NONE))
                .hasMessage("ScopeStep needs ACCESS_TOKEN, but AccessTokenStep provides it only after it");
    }

    @Test
    void aNeededFactThatNoEarlierStepProvidesIsRefusedNamingTheStepThatWouldProvideIt() {
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, token, scope, proxy), RequestTracing.NONE))
                .isInstanceOf(PipelineOrderException.class)
                .hasMessage("ProxyStep needs IDENTITY_ASSERTION, but no step provides it (in Bulwark's pipeline, IdentityAssertionStep does)");
        // Same phase, wrong order: the provider is there, but after the step that needs its fact.
        Step needsTokenEarly = new Step() {
            @Override
            public GatewayResponse apply(Exchange exchange, Chain chain) {
                return chain.proceed(exchange);
            }

            @Override
            public Phase phase() {
                return Phase.AUTHENTICATE;
            }

            @Override
            public Set<Fact> needs() {
                return Set.of(Fact.ACCESS_TOKEN);
            }

            @Override
            public String name() {
                return "EarlyTokenReader";
            }
        };
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, needsTokenEarly, token, scope, identity, proxy), RequestTracing.NONE))
                .hasMessage("EarlyTokenReader needs ACCESS_TOKEN, but AccessTokenStep provides it only after it");
    }

    @Test
    void twoTerminalsOrNoneAreRefused() {
        Step secondProxy = TestSteps.upstream(exchange -> null);
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, token, scope, identity, proxy, secondProxy), RequestTracing.NONE))
                .hasMessage("two terminal steps: ProxyStep and TestStep(PROXY); a pipeline has exactly one, last");
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, token, scope), RequestTracing.NONE))
                .hasMessage("the last step, ScopeStep (phase AUTHORIZE), is not terminal; a pipeline ends with exactly one step in phase PROXY");
        assertThatThrownBy(() -> new GatewayPipeline(List.of(), RequestTracing.NONE)).isInstanceOf(PipelineOrderException.class);
    }

    @Test
    void aFactProvidedTwiceIsRefused() {
        Step secondRoute = new RouteStep(ROUTES);
        assertThatThrownBy(() -> new GatewayPipeline(List.of(route, secondRoute, token, scope, identity, proxy), RequestTracing.NONE))
                .hasMessage("RouteStep provides OPERATION, which RouteStep already provides; each fact is set once");
    }

    @Test
    void aFactIsSetOnceAndNeverReadBeforeItIsSet() {
        Exchange exchange = new Exchange(new GatewayRequest("GET", "/bank/v1/accounts/a1", null, Map.of(), null, "127.0.0.1", null));
        assertThatThrownBy(exchange::accessToken).isInstanceOf(IllegalStateException.class)
                .hasMessage("ACCESS_TOKEN was read before it was set; AccessTokenStep sets it, and must come earlier in the pipeline");
        assertThat(exchange.accessTokenIfKnown()).isEmpty();
        VerifiedAccessToken verified = TestTokens.token("alice", "app").build();
        exchange.accessToken(verified);
        assertThat(exchange.accessToken()).isSameAs(verified);
        assertThatThrownBy(() -> exchange.accessToken(verified))
                .hasMessage("ACCESS_TOKEN is already set; AccessTokenStep sets it once");
        assertThatThrownBy(exchange::operation).hasMessageContaining("OPERATION was read before it was set; RouteStep sets it");
    }

    @Test
    void eachStepCountsWhatItPassedAnsweredAndRefusedByReason() {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(route, TestSteps.token(exchange ->
                TestTokens.token("alice", "app").scopes(exchange.request().header("X-Scope")).build()),
                scope, TestSteps.upstream(exchange -> new GatewayResponse(200, Map.of(), new byte[0], null, null))), RequestTracing.NONE);
        pipeline.handle(exchange("/bank/v1/accounts/a1", "accounts:read"));
        pipeline.handle(exchange("/bank/v1/accounts/a1", "payments:write"));
        pipeline.handle(exchange("/bank/v1/nowhere", "accounts:read"));

        StepCounters routeCounts = pipeline.counters().get(0);
        assertThat(routeCounts.step()).isEqualTo("RouteStep");
        assertThat(routeCounts.passed()).isEqualTo(2);
        assertThat(routeCounts.refused()).containsExactly(Map.entry("undeclared_route", 1L));
        StepCounters scopeCounts = pipeline.counters().get(2);
        assertThat(scopeCounts.passed()).isEqualTo(1);
        assertThat(scopeCounts.refused()).containsExactly(Map.entry("insufficient_scope", 1L));
        assertThat(pipeline.counters().get(3).answered()).isEqualTo(1);
    }

    private static Exchange exchange(String path, String scope) {
        return new Exchange(new GatewayRequest("GET", path, null, Map.of("X-Scope", List.of(scope)), null, "127.0.0.1", null));
    }
}
