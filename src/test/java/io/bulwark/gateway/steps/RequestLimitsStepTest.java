package io.bulwark.gateway.steps;

import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.testing.TestOperations;
import io.bulwark.testing.TestSteps;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Body, JSON and page-size limits, each refusal and each value just within the limit. */
class RequestLimitsStepTest {

    private int forwarded;

    private GatewayPipeline pipeline(long maxBody, int depth, int arrayLength, RequestLimitsConfig.PageSize pageSize) {
        return new GatewayPipeline(List.of(
                new RequestLimitsStep(maxBody, depth, arrayLength),
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("listAccountTransactions", "GET", "/accounts/{id}/transactions", List.of(Set.of())),
                        TestOperations.operation("listAccounts", "GET", "/accounts", List.of(Set.of())),
                        TestOperations.operation("initiatePayment", "POST", "/payments", List.of(Set.of()))))),
                new PageSizeStep(pageSize, List.of("listAccountTransactions", "listAccounts", "initiatePayment")),
                TestSteps.upstream(exchange -> {
                    forwarded++;
                    return new GatewayResponse(200, Map.of(), new byte[0], null, null);
                })), RequestTracing.NONE);
    }

    private final RequestLimitsConfig.PageSize pageSize = new RequestLimitsConfig.PageSize(List.of("pageSize", "limit"), 100,
            Map.of("listAccountTransactions", 50));
    private final GatewayPipeline pipeline = pipeline(1000, 4, 5, pageSize);

    private GatewayResponse post(String contentType, String body) {
        return pipeline.handle(new Exchange(new GatewayRequest("POST", "/bank/v1/payments", null,
                Map.of("Content-Type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8), "192.0.2.1", null)));
    }

    private GatewayResponse get(String path, String query) {
        return pipeline.handle(new Exchange(new GatewayRequest("GET", path, query, Map.of(), new byte[0], "192.0.2.1", null)));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void refusesABodyOverTheLimitWith413() {
        assertThat(post("text/plain", "x".repeat(1000)).status()).isEqualTo(200);
        GatewayResponse tooLarge = post("text/plain", "x".repeat(1001));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.reason()).isEqualTo("body_too_large");
        assertThat(body(tooLarge)).contains("exceeds 1000 bytes");
    }

    @Test
    void refusesJsonNestedDeeperThanTheLimit() {
        assertThat(post("application/json", "{\"a\":{\"b\":[{\"c\":1}]}}").status()).as("depth 4").isEqualTo(200);
        GatewayResponse deep = post("application/json", "{\"a\":{\"b\":[{\"c\":[1]}]}}");
        assertThat(deep.status()).isEqualTo(413);
        assertThat(body(deep)).contains("nested deeper than 4 levels").contains("json-limits");
        assertThat(post("application/vnd.api+json; charset=utf-8", "[[[[[1]]]]]").status()).as("+json types too").isEqualTo(413);
    }

    @Test
    void refusesAJsonArrayLongerThanTheLimitAtAnyDepth() {
        assertThat(post("application/json", "{\"items\":[1,2,3,4,5],\"more\":[{},{},[],\"x\",null]}").status()).isEqualTo(200);
        assertThat(post("application/json", "[1,2,3,4,5,6]").status()).isEqualTo(413);
        GatewayResponse nested = post("application/json", "[{\"b\":[{},{},{},{},{},{}]}]");
        assertThat(nested.status()).isEqualTo(413);
        assertThat(body(nested)).contains("more than 5 elements");
        // Members of an object are not array elements.
        assertThat(post("application/json", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}").status()).isEqualTo(200);
    }

    @Test
    void refusesMalformedJsonWith400AndLeavesOtherMediaTypesAlone() {
        GatewayResponse malformed = post("application/json", "{\"a\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.reason()).isEqualTo("malformed_json");
        assertThat(post("text/plain", "{\"a\":").status()).isEqualTo(200);
    }

    @Test
    void capsPageSizesPerOperation() {
        assertThat(get("/bank/v1/accounts/a1/transactions", "pageSize=50&page=3").status()).isEqualTo(200);
        GatewayResponse over = get("/bank/v1/accounts/a1/transactions", "page=1&pageSize=51");
        assertThat(over.status()).isEqualTo(400);
        assertThat(body(over)).contains("page-size-too-large").contains("at most 50");
        // Operations without their own cap get the default.
        assertThat(get("/bank/v1/accounts", "limit=100").status()).isEqualTo(200);
        assertThat(get("/bank/v1/accounts", "limit=101").status()).isEqualTo(400);
        assertThat(get("/bank/v1/accounts", "lim%69t=101").status()).as("percent-encoded names are decoded first").isEqualTo(400);
        assertThat(get("/bank/v1/accounts", "limit=-1").status()).isEqualTo(400);
        assertThat(get("/bank/v1/accounts", "limit=1e9").status()).isEqualTo(400);
        assertThat(get("/bank/v1/accounts", "offset=100000").status()).as("not a page-size parameter").isEqualTo(200);
        assertThat(forwarded).isEqualTo(3);
    }

    @Test
    void aCapNamingAnUndeclaredOperationStopsTheStart() {
        assertThatThrownBy(() -> new PageSizeStep(new RequestLimitsConfig.PageSize(List.of("pageSize"), 100, Map.of("listAcounts", 5)),
                List.of("listAccounts"))).hasMessageContaining("listAcounts");
    }
}
