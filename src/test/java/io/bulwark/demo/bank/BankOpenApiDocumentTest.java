package io.bulwark.demo.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code bank-openapi.yaml} is what the gateway reads: its routes, scopes and data classes must be complete. */
class BankOpenApiDocumentTest {

    private static final Set<String> CLASSIFICATIONS = Set.of("public", "internal", "personal", "financial", "pci", "secret");
    private static final Set<String> SCOPES = Set.of(
            "accounts:read", "balances:read", "transactions:read", "payments:write", "payments:read", "customers:read", "products:read");

    private final OpenApiContract contract = new OpenApiContract();
    private final JsonNode document = contract.document();

    @Test
    void isOpenApi31ServedUnderBankV1() {
        assertThat(document.get("openapi").asText()).startsWith("3.1.");
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("/bank/v1");
        assertThat(document.at("/info/title").asText()).isNotBlank();
    }

    @Test
    void everyOperationHasAnIdAndExactlyTheScopeItNeeds() {
        Map<String, String> scopeByOperation = new TreeMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getKey().equals("parameters")) {
                return;
            }
            JsonNode security = op.getValue().get("security");
            assertThat(security).as("%s %s security", op.getKey(), path.getKey()).hasSize(1);
            assertThat(security.get(0).get("bulwark")).hasSize(1);
            scopeByOperation.put(op.getKey().toUpperCase() + " " + path.getKey() + " " + op.getValue().get("operationId").asText(),
                    security.get(0).get("bulwark").get(0).asText());
        }));

        assertThat(scopeByOperation).containsExactlyInAnyOrderEntriesOf(Map.of(
                "GET /accounts listAccounts", "accounts:read",
                "GET /accounts/{accountId} getAccount", "accounts:read",
                "GET /accounts/{accountId}/balances getAccountBalances", "balances:read",
                "GET /accounts/{accountId}/transactions listAccountTransactions", "transactions:read",
                "POST /payments initiatePayment", "payments:write",
                "GET /payments/{paymentId} getPayment", "payments:read",
                "GET /products listProducts", "products:read"));
    }

    @Test
    void everyOperationOnACustomersDataServesUsersOnly() {
        // A client's own token (client credentials) acts for no customer: the gateway refuses it on these before the bank.
        Map<String, String> callerByOperation = new TreeMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!op.getKey().equals("parameters")) {
                callerByOperation.put(op.getValue().get("operationId").asText(), op.getValue().path("x-bulwark-caller").asText());
            }
        }));
        assertThat(callerByOperation).containsExactlyInAnyOrderEntriesOf(Map.of(
                "listAccounts", "user", "getAccount", "user", "getAccountBalances", "user", "listAccountTransactions", "user",
                "initiatePayment", "user", "getPayment", "user", "listProducts", "any"));
    }

    @Test
    void theSecuritySchemeIsBulwarksOAuth2WithBothFlowsAndEveryScope() {
        JsonNode scheme = document.at("/components/securitySchemes/bulwark");

        assertThat(scheme.get("type").asText()).isEqualTo("oauth2");
        assertThat(scheme.at("/flows/clientCredentials/tokenUrl").asText()).isEqualTo("https://localhost:8443/token");
        assertThat(scheme.at("/flows/authorizationCode/tokenUrl").asText()).isEqualTo("https://localhost:8443/token");
        assertThat(scheme.at("/flows/authorizationCode/authorizationUrl").asText()).startsWith("https://localhost:8443/");
        for (String flow : List.of("clientCredentials", "authorizationCode")) {
            Set<String> scopes = new TreeSet<>();
            scheme.at("/flows/" + flow + "/scopes").fieldNames().forEachRemaining(scopes::add);
            assertThat(scopes).as(flow).isEqualTo(SCOPES);
        }
    }

    @Test
    void everySchemaPropertyCarriesADataClassification() {
        List<String> unclassified = new ArrayList<>();
        collectUnclassified(document, "", unclassified);

        assertThat(unclassified).isEmpty();
        assertThat(document.at("/components/schemas/Account/properties/pan/x-bulwark-classification").asText()).isEqualTo("pci");
        assertThat(document.at("/components/schemas/Account/properties/iban/x-bulwark-classification").asText()).isEqualTo("financial");
        for (String field : List.of("fullName", "address", "dateOfBirth", "email", "phone")) {
            assertThat(document.at("/components/schemas/Customer/properties/" + field + "/x-bulwark-classification").asText())
                    .as(field).isEqualTo("personal");
        }
    }

    @Test
    void thePaymentRequestAllowsNoOtherProperties() {
        assertThat(document.at("/components/schemas/PaymentRequest/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void theRouterServesExactlyTheDocumentedOperations() {
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        Vertx vertx = Vertx.vertx();
        try {
            Router router = BankApi.router(vertx, BankData.generate(1L, LocalDate.of(2026, 1, 1)));
            Set<String> routed = new TreeSet<>();
            for (Route route : router.getRoutes()) {
                if (route.getPath() != null && route.methods() != null) {
                    String template = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
                    route.methods().forEach(m -> routed.add(m.name() + " " + template));
                }
            }
            assertThat(routed).isEqualTo(documented);
        } finally {
            vertx.close().await();
        }
    }

    /** The oracle itself: bodies that drift from the document must be caught, inline and $ref'd alike. */
    @Test
    void theContractCatchesDriftingResponses() {
        String card = """
                {"accountId":"0123456789abcdef01234567","type":"card","name":"Visa","currency":"EUR","openedOn":"2020-01-01",
                 "pan":"4000000000000002","cardExpiry":"2028-09","creditLimit":{"amount":"3000.00","currency":"EUR"},
                 "owner":{"subject":"alice","fullName":"Alice","address":{"street":"s","postalCode":"1","city":"c","country":"DE"},
                          "dateOfBirth":"1988-04-17","email":"a@example.com","phone":"+493023125417"}}""";
        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 200, "application/json", card)).isEmpty();

        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 200, "application/json",
                card.replace("\"pan\":\"4000000000000002\",", ""))).as("card without PAN").isNotEmpty();
        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 200, "application/json",
                card.replace("\"name\"", "\"cvv\":\"123\",\"name\""))).as("undocumented property").isNotEmpty();
        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 200, "application/json",
                card.replace("1988-04-17", "17.04.1988"))).as("date format").isNotEmpty();
        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 200, "application/json",
                card.replace("\"3000.00\"", "3000.0"))).as("amount as a number").isNotEmpty();
        assertThat(contract.responseErrors("GET", "/accounts/{accountId}", 404, "application/problem+json",
                "{\"type\":\"https://bulwark.dev/problems/bank/not-found\",\"title\":\"Not found\",\"status\":404,\"trace\":\"x\"}"))
                .as("problem with an undocumented property").isNotEmpty();
    }

    private static void collectUnclassified(JsonNode node, String pointer, List<String> unclassified) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                properties.properties().forEach(p -> {
                    String classification = p.getValue().path("x-bulwark-classification").asText();
                    if (!CLASSIFICATIONS.contains(classification)) {
                        unclassified.add(pointer + "/properties/" + p.getKey());
                    }
                });
            }
            // An "if" only tests properties declared beside it; it declares none of its own.
            node.properties().stream()
                    .filter(child -> !child.getKey().equals("if"))
                    .forEach(child -> collectUnclassified(child.getValue(), pointer + "/" + child.getKey(), unclassified));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnclassified(node.get(i), pointer + "/" + i, unclassified);
            }
        }
    }
}
