package io.bulwark.gateway.contract;

import io.bulwark.testing.TestOperations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.Classification;
import io.bulwark.gateway.openapi.DataAccessPolicy;
import io.bulwark.gateway.openapi.OperationContract;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream answers checked against their declared responses, then minimized to what the token may see. */
class ResponseContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiContract BANK = ApiContract.load(Path.of("src/main/resources/demo/bank-openapi.yaml"));
    private static final ApiContract CARDS = ApiContract.load(RequestValidatorTest.DOCUMENT);
    private static final String CARD_ACCOUNT = """
            {"accountId":"0123456789abcdef01234567","type":"card","name":"Visa","currency":"EUR","openedOn":"2020-01-01",
             "pan":"4000000000000002","cardExpiry":"2028-09","creditLimit":{"amount":"3000.00","currency":"EUR"},
             "owner":{"subject":"alice","fullName":"Alice","address":{"street":"s","postalCode":"1","city":"c","country":"DE"},
                      "dateOfBirth":"1988-04-17","email":"a@example.com","phone":"+493023125417"}}""";

    private static OperationContract operation(ApiContract api, String method, String path) {
        return api.operation(TestOperations.operation("x", method, path, List.of(Set.of())));
    }

    private static GatewayResponse response(int status, String contentType, String body) {
        return new GatewayResponse(status, Map.of("content-type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static JsonNode minimized(ApiContract api, OperationContract operation, String body, Set<String> scopes) {
        ResponseValidator.Verdict verdict = ResponseValidator.check(response(200, "application/json", body), operation);
        assertThat(verdict.breach()).isNull();
        DataAccessPolicy policy = api.dataAccess();
        ResponseMinimizer.minimize(verdict.json(), verdict.shape(), policy.visibleTo(scopes), policy.unclassified());
        return verdict.json();
    }

    @Test
    void aMachineClientReadingAnAccountSeesNoPersonalDataAndAMaskedPan() {
        JsonNode account = minimized(BANK, operation(BANK, "GET", "/accounts/{accountId}"), CARD_ACCOUNT, Set.of("accounts:read"));
        assertThat(account.has("owner")).isFalse();
        assertThat(account.get("pan").asText()).isEqualTo("************0002");
        assertThat(account.has("cardExpiry")).as("pci data that is not a PAN is removed").isFalse();
        assertThat(account.at("/creditLimit/amount").asText()).isEqualTo("3000.00");
        assertThat(account.get("accountId").asText()).isEqualTo("0123456789abcdef01234567");
    }

    @Test
    void customersReadUnlocksTheOwnerButNotThePan() {
        JsonNode account = minimized(BANK, operation(BANK, "GET", "/accounts/{accountId}"), CARD_ACCOUNT, Set.of("accounts:read", "customers:read"));
        assertThat(account.at("/owner/dateOfBirth").asText()).isEqualTo("1988-04-17");
        assertThat(account.at("/owner/address/city").asText()).isEqualTo("c");
        assertThat(account.get("pan").asText()).isEqualTo("************0002");
    }

    @Test
    void nestedArraysAreMinimizedItemByItem() {
        String list = "{\"cards\":[{\"cardId\":\"0a1b2c3d\",\"pan\":\"4111111111111111\",\"pinOffset\":\"1234\",\"limit\":\"100.00\","
                + "\"holder\":{\"name\":\"Ann\"},\"tags\":[{\"label\":\"travel\",\"note\":\"for Ann's trip\"}]},"
                + "{\"cardId\":\"0a1b2c3e\",\"pan\":\"5500000000000004\",\"expiry\":\"2030-01\"}]}";
        JsonNode partner = minimized(CARDS, operation(CARDS, "GET", "/cards"), list, Set.of("cards:read"));
        assertThat(partner.toString()).doesNotContain("4111111111111111", "5500000000000004", "pinOffset", "1234", "Ann", "2030-01")
                .contains("************1111", "************0004", "travel", "100.00");
        JsonNode holderScope = minimized(CARDS, operation(CARDS, "GET", "/cards"), list, Set.of("cards:read", "cards:holder"));
        assertThat(holderScope.at("/cards/0/holder/name").asText()).isEqualTo("Ann");
        assertThat(holderScope.at("/cards/0/tags/0/note").asText()).isEqualTo("for Ann's trip");
        JsonNode panScope = minimized(CARDS, operation(CARDS, "GET", "/cards"), list, Set.of("cards:read", "cards:pan"));
        assertThat(panScope.at("/cards/0/pan").asText()).isEqualTo("4111111111111111");
        assertThat(panScope.at("/cards/1/expiry").asText()).isEqualTo("2030-01");
        assertThat(panScope.at("/cards/0").has("pinOffset")).as("secret never leaves, whatever the scopes").isFalse();
    }

    @Test
    void undeclaredPropertiesAdmittedByTheSchemaAreTreatedAsUnclassified() {
        JsonNode leaky = minimized(CARDS, operation(CARDS, "GET", "/leaky/{kind}"),
                "{\"open\":{\"label\":\"x\",\"email\":\"a@b.c\"},\"apiKey\":\"k-123\",\"items\":[{\"name\":\"n\",\"token\":\"t\"}]}",
                Set.of("cards:read"));
        assertThat(leaky.toString()).isEqualTo("{\"open\":{\"label\":\"x\"},\"items\":[{\"name\":\"n\"}]}");
    }

    @Test
    void responsesThatBreakTheirContractAreRefused() {
        OperationContract account = operation(BANK, "GET", "/accounts/{accountId}");
        assertThat(ResponseValidator.check(response(200, "application/json", CARD_ACCOUNT.replace("\"name\"", "\"cvv\":\"123\",\"name\"")), account).breach())
                .contains("/cvv").doesNotContain("123");
        assertThat(ResponseValidator.check(response(200, "application/json", CARD_ACCOUNT.replace("1988-04-17", "17.04.1988")), account).breach())
                .contains("/owner/dateOfBirth must be a valid date").doesNotContain("17.04");
        assertThat(ResponseValidator.check(response(200, "text/html", "<html>"), account).breach()).contains("text/html is not declared");
        assertThat(ResponseValidator.check(response(200, "application/json", "{\"a\":1,\"a\":2}"), account).breach()).contains("not well-formed");
        assertThat(ResponseValidator.check(response(299, "application/json", "{}"), operation(CARDS, "GET", "/leaky/{kind}")).breach())
                .contains("status 299 is not a declared response");
        assertThat(ResponseValidator.check(response(204, "application/json", "{\"id\":\"x\"}"), operation(CARDS, "GET", "/leaky/{kind}")).breach())
                .contains("a body where the contract declares none");
        // Undeclared in a schema that is silent about additionalProperties: refused as in requests.
        assertThat(ResponseValidator.check(response(200, "application/json", "{\"id\":\"x\",\"ssn\":\"078-05-1120\"}"),
                operation(CARDS, "GET", "/leaky/{kind}")).breach()).contains("/ssn is a property the contract does not declare");
    }

    @Test
    void conformingResponsesPass() {
        assertThat(ResponseValidator.check(response(200, "application/json", CARD_ACCOUNT), operation(BANK, "GET", "/accounts/{accountId}")).conforms()).isTrue();
        assertThat(ResponseValidator.check(response(404, "application/problem+json; charset=utf-8",
                "{\"type\":\"https://x/not-found\",\"title\":\"Not found\",\"status\":404}"), operation(BANK, "GET", "/accounts/{accountId}")).conforms()).isTrue();
        assertThat(ResponseValidator.check(new GatewayResponse(204, Map.of(), new byte[0], null, null), operation(CARDS, "GET", "/leaky/{kind}")).conforms()).isTrue();
    }

    @Test
    void panMaskingKeepsOnlyTheLastFourDigits() {
        assertThat(PanMask.mask("4111 1111 1111 1111")).isEqualTo("************1111");
        assertThat(PanMask.looksLikePan(JSON.valueToTree("2028-09"))).isFalse();
        assertThat(PanMask.looksLikePan(JSON.valueToTree(4111111111111111L))).isFalse();
        assertThat(Classification.parse("pci")).contains(Classification.PCI);
    }
}
