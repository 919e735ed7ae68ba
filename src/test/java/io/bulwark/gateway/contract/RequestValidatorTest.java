package io.bulwark.gateway.contract;

import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests against the cards test contract: each kind of parameter and body, accepted and refused. */
class RequestValidatorTest {

    static final Path DOCUMENT = Path.of("src/test/resources/contract/cards-openapi.yaml");
    private static final ApiContract CONTRACT = ApiContract.load(DOCUMENT);
    private static final RouteTable ROUTES = new RouteTable().add("cards", "/api", OpenApiDocument.operations(DOCUMENT));
    private static final String KEY = "3f2b8c1e-9a4d-4c5e-8f7a-1b2c3d4e5f60";
    private static final String TRANSFER = "{\"amount\":\"12.50\",\"currency\":\"EUR\",\"reference\":\"rent\"}";

    private static Optional<ContractViolation> check(String method, String path, String query, Map<String, List<String>> headers, String body) {
        MatchedOperation matched = ROUTES.match(method, path).orElseThrow();
        GatewayRequest request = new GatewayRequest(method, path, query, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", null);
        return RequestValidator.check(request, matched, CONTRACT.operation(matched.operation()));
    }

    private static Optional<ContractViolation> get(String path, String query) {
        return check("GET", path, query, Map.of(), null);
    }

    private static Optional<ContractViolation> transfer(String body, String contentType) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", List.of(KEY));
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        return check("POST", "/api/cards/0a1b2c3d/transfers", null, headers, body);
    }

    private static String json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void assertRefused(Optional<ContractViolation> violation, String slug, String... detailParts) {
        assertThat(violation).isPresent();
        assertThat(violation.get().slug()).isEqualTo(slug);
        if (detailParts.length > 0) {
            assertThat(violation.get().detail()).contains(detailParts);
        }
    }

    @Test
    void aRequestThatKeepsTheContractPasses() {
        assertThat(get("/api/cards", "status=active&limit=10&q=gold%20card&tag=a&tag=b")).isEmpty();
        assertThat(check("GET", "/api/cards", null, Map.of("X-Customer-Ref", List.of("DE123456")), null)).isEmpty();
        assertThat(get("/api/cards/0a1b2c3d", null)).isEmpty();
        assertThat(transfer(TRANSFER, "application/json; charset=utf-8")).isEmpty();
    }

    @Test
    void pathParametersAreValidatedAgainstTheirSchema() {
        assertRefused(get("/api/cards/ZZZZ", null), "invalid-request-parameter", "path parameter 'cardId'", "must match the pattern");
        assertRefused(get("/api/cards/%E0%A4", null), "invalid-request-parameter", "percent-encoded UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1' --", "1; DROP TABLE cards", "<script>alert(1)</script>", "x\r\nSet-Cookie: admin=1",
            "${jndi:ldap://x/a}", "4111111111111111"})
    void injectionStringsAreRefusedInEveryParameterAndNeverEchoed(String attack) {
        String path = "/api/cards/" + encoded(attack);
        // An attack with '/' or '\\' in a path parameter does not even match a route (404 at RouteStep).
        if (ROUTES.match("GET", path).isPresent()) {
            assertRefused(get(path, null), "invalid-request-parameter", "path parameter 'cardId'");
        }
        for (Optional<ContractViolation> violation : List.of(
                get("/api/cards", "q=" + encoded(attack)),
                get("/api/cards", "status=" + encoded(attack)),
                get("/api/cards", "limit=" + encoded(attack)),
                get("/api/cards", "tag=" + encoded(attack)),
                check("GET", "/api/cards", null, Map.of("X-Customer-Ref", List.of(attack.replace("\r\n", " "))), null),
                transfer(json(Map.of("amount", attack, "currency", "EUR")), "application/json"),
                transfer(json(Map.of("amount", "1.00", "currency", attack)), "application/json"))) {
            assertThat(violation).as(attack).isPresent();
            assertThat(violation.get().status()).isEqualTo(400);
            assertThat(violation.get().detail()).doesNotContain(attack).doesNotContain("DROP").doesNotContain("<script>");
        }
    }

    @Test
    void freeTextFieldsTakeWhatTheirSchemaAllowsAndNoControlCharacters() {
        // The contract is the authority: a reference may say anything printable, up to 35 characters.
        assertThat(transfer(json(Map.of("amount", "1.00", "currency", "EUR", "reference", "' OR '1'='1' --")), "application/json")).isEmpty();
        assertRefused(transfer(json(Map.of("amount", "1.00", "currency", "EUR", "reference", "x\r\nSet-Cookie: a=1")), "application/json"),
                "invalid-request-body", "body /reference");
    }

    @Test
    void pathTraversalInAPathParameterMatchesNoRoute() {
        assertThat(ROUTES.match("GET", "/api/cards/" + encoded(".."))).isEmpty();
        assertThat(ROUTES.match("GET", "/api/cards/" + encoded("../../etc/passwd"))).isEmpty();
        assertThat(ROUTES.match("GET", "/api/cards/" + encoded("..\\..\\win.ini"))).isEmpty();
        assertRefused(get("/api/cards/" + encoded("...."), null), "invalid-request-parameter", "cardId");
    }

    @Test
    void queryParametersAreTypedBoundedAndDeclared() {
        assertRefused(get("/api/cards", "limit=abc"), "invalid-request-parameter", "query parameter 'limit'", "must be of type integer");
        assertRefused(get("/api/cards", "limit=0"), "invalid-request-parameter", "must be at least 1");
        assertRefused(get("/api/cards", "limit=+5"), "invalid-request-parameter", "must be of type integer");
        assertRefused(get("/api/cards", "status=deleted"), "invalid-request-parameter", "must be one of [\"active\",\"blocked\"]");
        assertRefused(get("/api/cards", "q=" + "a".repeat(10_000)), "invalid-request-parameter", "at most 20 characters");
        assertRefused(get("/api/cards", "tag=a&tag=b&tag=c&tag=d"), "invalid-request-parameter", "at most 3 items");
        assertRefused(get("/api/cards", "isAdmin=true"), "unknown-request-parameter", "'isAdmin'", "not declared");
        assertRefused(get("/api/cards", encoded("<x>") + "=1"), "unknown-request-parameter", "unusual characters");
        assertRefused(get("/api/cards", "q=%ZZ"), "invalid-request-parameter", "query string");
    }

    @Test
    void aParameterSentTwiceIsRefused() {
        // HTTP parameter pollution: one server reads the first value, another the last.
        assertRefused(get("/api/cards", "limit=1&limit=50"), "invalid-request-parameter", "must be sent once");
    }

    @Test
    void headerParametersAreValidatedAndRequiredOnesEnforced() {
        assertRefused(check("GET", "/api/cards", null, Map.of("X-Customer-Ref", List.of("' OR 1=1")), null),
                "invalid-request-parameter", "header 'X-Customer-Ref'");
        assertRefused(check("GET", "/api/cards", null, Map.of("x-customer-ref", List.of("DE123456", "DE654321")), null),
                "invalid-request-parameter", "must be sent once");
        assertRefused(check("POST", "/api/cards/0a1b2c3d/transfers", null, Map.of("Content-Type", List.of("application/json")), TRANSFER),
                "invalid-request-parameter", "header 'Idempotency-Key' is required");
        assertRefused(check("POST", "/api/cards/0a1b2c3d/transfers", null, Map.of("Idempotency-Key", List.of("not-a-uuid"),
                "Content-Type", List.of("application/json")), TRANSFER), "invalid-request-parameter", "must be a valid uuid");
    }

    @Test
    void unknownBodyPropertiesAreRefusedEvenWhereTheSchemaIsSilent() {
        // TransferRequest says nothing about additionalProperties: mass assignment is refused all the same.
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"status\":\"approved\"}", "application/json"),
                "unknown-property", "body /status");
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"beneficiary\":{\"iban\":\"DE89370400440532013000\",\"verified\":true}}",
                "application/json"), "unknown-property", "body /beneficiary/verified");
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"<img src=x>\":1}", "application/json"),
                "unknown-property", "body /*");
    }

    @Test
    void xBulwarkAllowUnknownPropertiesOptsOut() {
        assertThat(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"metadata\":{\"anything\":{\"goes\":[1,2]}}}", "application/json")).isEmpty();
    }

    @Test
    void bodiesAreCheckedAgainstTheirSchema() {
        assertRefused(transfer("{\"currency\":\"EUR\"}", "application/json"), "invalid-request-body", "lacks the required property 'amount'");
        assertRefused(transfer("{\"amount\":12.5,\"currency\":\"EUR\"}", "application/json"), "invalid-request-body", "body /amount", "must be of type string");
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"reference\":\"" + "x".repeat(100_000) + "\"}", "application/json"),
                "invalid-request-body", "body /reference", "at most 35 characters");
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"reference\":\"a\\r\\nb\"}", "application/json"),
                "invalid-request-body", "body /reference", "must match the pattern");
    }

    @Test
    void malformedOrAmbiguousJsonIsRefused() {
        assertRefused(transfer("{\"amount\":\"1.00\",", "application/json"), "invalid-request-body", "not well-formed JSON");
        // Two values for one name: the gateway and the upstream could each believe a different one.
        assertRefused(transfer("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"amount\":\"9999.00\"}", "application/json"),
                "invalid-request-body", "unique member names");
        assertRefused(transfer(TRANSFER + "{}", "application/json"), "invalid-request-body", "not well-formed JSON");
        assertRefused(transfer("{'amount':'1.00','currency':'EUR'}", "application/json"), "invalid-request-body", "not well-formed JSON");
    }

    @Test
    void theContentTypeIsEnforced() {
        assertRefused(transfer(TRANSFER, "text/plain"), "unsupported-media-type", "accepts application/json");
        assertRefused(transfer(TRANSFER, null), "unsupported-media-type", "exactly one Content-Type");
        assertRefused(transfer(TRANSFER, "application/json; charset=iso-8859-1"), "unsupported-media-type", "UTF-8");
        assertRefused(transfer(TRANSFER, "application/x-www-form-urlencoded"), "unsupported-media-type");
        assertThat(transfer(TRANSFER, "text/plain").get().status()).isEqualTo(415);
    }

    @Test
    void bodiesAreRequiredOrRefusedAsDeclared() {
        assertRefused(transfer("", "application/json"), "invalid-request-body", "requires a request body");
        assertRefused(check("GET", "/api/cards", null, Map.of("Content-Type", List.of("application/json")), "{}"),
                "invalid-request-body", "takes no request body");
    }
}
