package io.bulwark.gateway.steps;

import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import io.bulwark.testing.TestTokens;
import com.fasterxml.jackson.core.JsonPointer;
import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.gateway.openapi.RouteTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** x-bulwark-owner-field and x-bulwark-owned-items: a user token's answer holds only that user's objects. */
class ResponseOwnershipStepTest {

    private static final String ALICE = "{\"accountId\":\"a1\",\"owner\":{\"subject\":\"alice\"}}";
    private static final String BOB = "{\"accountId\":\"b1\",\"owner\":{\"subject\":\"bob\"}}";
    private static final String ALICE_SAVINGS = "{\"accountId\":\"a2\",\"owner\":{\"subject\":\"alice\"}}";

    private final List<Upstream.Request> reached = new ArrayList<>();
    private int status = 200;
    private String answer;

    private GatewayResponse get(String path, String subject, AccountConsent accounts) {
        Upstream bank = request -> {
            reached.add(request);
            return new GatewayResponse(status, Map.of("Content-Type", List.of("application/json")), answer.getBytes(StandardCharsets.UTF_8),
                    null, null);
        };
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("getAccount", "GET", "/accounts/{accountId}", List.of(Set.of()), "accountId", "list_accounts", null,
                                new ResponseOwnership(JsonPointer.compile("/owner/subject"), null, null, null)),
                        TestOperations.operation("listAccounts", "GET", "/accounts", List.of(Set.of()), null, "list_accounts", null,
                                new ResponseOwnership(null, JsonPointer.compile("/accounts"), JsonPointer.compile("/owner/subject"),
                                        JsonPointer.compile("/accountId")))))),
                TestSteps.token(exchange -> TestTokens.token(subject, "app").accounts(accounts).build()),
                TestSteps.identityAsserted(),
                new ResponseOwnershipStep(),
                new ProxyStep(Map.of("bank", bank), Map.of("bank", "/bank/v1"), java.time.Clock.systemUTC())), RequestTracing.NONE);
        return pipeline.handle(new Exchange(new GatewayRequest("GET", "/bank/v1" + path, null, Map.of(), new byte[0], "127.0.0.1", null)));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aUserReadsTheirOwnObject() {
        answer = ALICE;
        GatewayResponse own = get("/accounts/a1", "alice", AccountConsent.NONE);
        assertThat(own.status()).isEqualTo(200);
        assertThat(body(own)).isEqualTo(ALICE);
    }

    @Test
    void anotherOwnersObjectIsWithheldAsNotFoundAfterTheApiAnswered() {
        answer = BOB;
        GatewayResponse stolen = get("/accounts/b1", "alice", AccountConsent.NONE);
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.refusal().type()).endsWith("/object-not-found");
        assertThat(stolen.reason()).isEqualTo("object_not_owned");
        assertThat(body(stolen)).doesNotContain("bob", "b1");
        assertThat(reached).hasSize(1);
    }

    @Test
    void anAnswerWithoutAReadableOwnerIsWithheld() {
        answer = "{\"accountId\":\"a1\"}";
        assertThat(get("/accounts/a1", "alice", AccountConsent.NONE).reason()).isEqualTo("owner_unverifiable");
        answer = "not json";
        GatewayResponse response = get("/accounts/a1", "alice", AccountConsent.NONE);
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.reason()).isEqualTo("owner_unverifiable");
    }

    @Test
    void errorsAndMachineTokensPassUntouched() {
        status = 404;
        answer = "{\"type\":\"x\",\"title\":\"Not Found\",\"status\":404}";
        assertThat(get("/accounts/zz", "alice", AccountConsent.NONE).refused()).isFalse();
        status = 200;
        answer = BOB;
        // RFC 9068 §2.2: sub is the client, so the token acts for no user.
        assertThat(get("/accounts/b1", "app", AccountConsent.NONE).status()).isEqualTo(200);
    }

    @Test
    void listsLoseForeignAndUnconsentedItems() {
        answer = "{\"accounts\":[" + ALICE + "," + BOB + "," + ALICE_SAVINGS + "]}";
        GatewayResponse mine = get("/accounts", "alice", AccountConsent.NONE);
        assertThat(body(mine)).contains("a1", "a2").doesNotContain("b1", "bob");
        assertThat(mine.reason()).isEqualTo("foreign_objects_removed");
        assertThat(mine.refused()).isFalse();

        AccountConsent onlySavings = AccountConsent.fromClaim(List.of(Map.of("type", "account_information", "accounts", List.of("a2"),
                "actions", List.of("list_accounts"))));
        assertThat(body(get("/accounts", "alice", onlySavings))).contains("a2").doesNotContain("a1", "b1");
        assertThat(body(get("/accounts", "app", AccountConsent.NONE))).contains("a1", "a2", "b1");

        answer = "{\"accounts\":{}}";
        assertThat(get("/accounts", "alice", AccountConsent.NONE).reason()).isEqualTo("owner_unverifiable");
    }
}
