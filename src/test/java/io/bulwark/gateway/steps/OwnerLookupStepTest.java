package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import com.fasterxml.jackson.core.JsonPointer;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.OwnerLookup;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** x-bulwark-owner-lookup: the owner asked of the API before a user token's request reaches the object. */
class OwnerLookupStepTest {

    private static final OwnerLookup LOOKUP = new OwnerLookup("getAccount", "accountId", "/accounts/{accountId}",
            JsonPointer.compile("/owner/subject"));

    private final MutableClock clock = MutableClock.atNow();
    private final List<Upstream.Request> reached = new ArrayList<>();
    private String lookupAnswer = "{\"owner\":{\"subject\":\"alice\"}}";
    private int lookupStatus = 200;
    private boolean unreachable;

    private final Upstream bank = request -> {
        reached.add(request);
        if (unreachable) {
            throw Upstream.UpstreamException.failed("refused", false, null);
        }
        boolean lookup = !request.pathAndQuery().endsWith("/balances");
        return new GatewayResponse(lookup ? lookupStatus : 200, Map.of("Content-Type", List.of("application/json")),
                (lookup ? lookupAnswer : "{\"balances\":[]}").getBytes(StandardCharsets.UTF_8), null, null);
    };

    private final GatewayPipeline pipeline = new GatewayPipeline(List.of(
            new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(TestOperations.operation("getAccountBalances", "GET",
                    "/accounts/{accountId}/balances", List.of(Set.of()), "accountId", null, null, ResponseOwnership.NONE, LOOKUP)))),
            TestSteps.token(exchange -> TestTokens.token(exchange.request().header("X-Test-Token").split(" ")[0], "app")
                    .expiresAt(clock.instant().plusSeconds(60)).build()),
            TestSteps.identityAsserted(),
            new OwnerLookupStep(Map.of("bank", bank), clock, Duration.ofSeconds(5), 2),
            new ProxyStep(Map.of("bank", bank), Map.of("bank", "/bank/v1"), clock)), RequestTracing.NONE);

    private GatewayResponse balances(String account, String subject) {
        return pipeline.handle(new Exchange(new GatewayRequest("GET", "/bank/v1/accounts/" + account + "/balances", null,
                Map.of("X-Test-Token", List.of(subject)), new byte[0], "127.0.0.1", null)));
    }

    private List<String> paths() {
        return reached.stream().map(Upstream.Request::pathAndQuery).toList();
    }

    @Test
    void theOwnerIsAskedWithTheVerifiedIdentityThenTheRequestPasses() {
        assertThat(balances("a1", "alice").status()).isEqualTo(200);
        assertThat(paths()).containsExactly("/accounts/a1", "/accounts/a1/balances");
        Upstream.Request lookup = reached.getFirst();
        assertThat(lookup.method()).isEqualTo("GET");
        assertThat(lookup.headers().get(ProxyStep.SUBJECT_HEADER)).containsExactly("alice");
        assertThat(lookup.headers().get(ProxyStep.CLIENT_HEADER)).containsExactly("app");
        // The traceparent is the lookup call's own, written by TracedUpstream around the real upstream (TracingEndToEndTest).
        assertThat(lookup.headers()).containsKey(ProxyStep.REQUEST_ID_HEADER).doesNotContainKey("X-Test-Token");
    }

    @Test
    void anotherOwnersObjectIsNotFoundAndNeverReached() {
        GatewayResponse refused = balances("b1", "mallory");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.refusal().type()).endsWith("/object-not-found");
        assertThat(refused.reason()).isEqualTo("object_not_owned");
        assertThat(paths()).containsExactly("/accounts/b1");

        lookupStatus = 404;
        assertThat(balances("missing", "alice").reason()).as("not found for this user").isEqualTo("object_not_owned");
        assertThat(paths()).containsExactly("/accounts/b1", "/accounts/missing");
    }

    @Test
    void answersAreCachedPerObjectAndUserForTheTtl() {
        balances("a1", "alice");
        balances("a1", "alice");
        assertThat(balances("a1", "mallory").reason()).isEqualTo("object_not_owned");
        assertThat(balances("a1", "mallory").reason()).as("a negative answer is cached too").isEqualTo("object_not_owned");
        assertThat(paths()).containsExactly("/accounts/a1", "/accounts/a1/balances", "/accounts/a1/balances", "/accounts/a1");

        clock.advance(Duration.ofSeconds(6));
        lookupAnswer = "{\"owner\":{\"subject\":\"mallory\"}}";
        assertThat(balances("a1", "alice").reason()).as("asked again once stale").isEqualTo("object_not_owned");
        assertThat(balances("a1", "mallory").status()).isEqualTo(200);
    }

    @Test
    void theCacheIsBounded() {
        balances("a1", "alice");
        balances("a2", "alice");
        balances("a3", "alice");
        reached.clear();
        balances("a1", "alice");
        assertThat(paths()).as("the least recently used answer went first").containsExactly("/accounts/a1", "/accounts/a1/balances");
    }

    @Test
    void machineTokensAreLeftToTheApi() {
        // RFC 9068 §2.2: sub is the client itself, so the token acts for no user.
        assertThat(balances("b1", "app").status()).isEqualTo(200);
        assertThat(paths()).containsExactly("/accounts/b1/balances");
    }

    @Test
    void aLookupThatFailsOrNamesNoOwnerRefusesTheRequest() {
        lookupAnswer = "{\"owner\":{}}";
        assertUnverifiable(balances("a1", "alice"), 502, "owner_unverifiable");
        lookupAnswer = "not json";
        assertUnverifiable(balances("a2", "alice"), 502, "owner_unverifiable");
        lookupStatus = 500;
        assertUnverifiable(balances("a3", "alice"), 502, "owner_unverifiable");
        lookupStatus = 403;
        assertUnverifiable(balances("a4", "alice"), 502, "owner_unverifiable");
        unreachable = true;
        assertUnverifiable(balances("a5", "alice"), 502, "upstream_unavailable");
        assertThat(paths()).noneMatch(p -> p.endsWith("/balances"));
        unreachable = false;
        lookupStatus = 200;
        lookupAnswer = "{\"owner\":{\"subject\":\"alice\"}}";
        assertThat(balances("a1", "alice").status()).as("failures are not cached").isEqualTo(200);
    }

    private static void assertUnverifiable(GatewayResponse response, int status, String reason) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.refused()).isTrue();
        assertThat(response.reason()).isEqualTo(reason);
    }
}
