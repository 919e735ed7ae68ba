package io.bulwark.demo.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bank over HTTP as alice, bob and a client acting for no customer. Every response is checked against the schema
 * {@code bank-openapi.yaml} declares for it, and the last test requires every documented response to have
 * been seen, so the document and the implementation cannot drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankApiTest {

    private static final String MACHINE = "svc-reconciliation";
    private static final String CREDITOR_IBAN = "GB82WEST12345698765432";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BankData data = BankData.generate(7L, LocalDate.of(2026, 3, 15));
    private final OpenApiContract contract = new OpenApiContract();
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer server;

    @BeforeAll
    void startBank() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(BankApi.router(vertx, data)).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    void stopBank() {
        http.close();
        vertx.close().await();
    }

    // --- accounts -------------------------------------------------------------------------------------

    @Test
    void eachCustomerListsExactlyTheirOwnAccountsWithThemAsOwner() throws Exception {
        for (String customer : List.of("alice", "bob")) {
            JsonNode body = json(get("/accounts", customer, "/accounts", 200));

            assertThat(ids(body.get("accounts"))).containsExactlyElementsOf(
                    data.accountsOf(customer).stream().map(Account::accountId).toList());
            assertThat(body.get("accounts")).allSatisfy(a -> assertThat(a.at("/owner/subject").asText()).isEqualTo(customer));
        }
    }

    @Test
    void aClientActingForNoCustomerReadsNoAccountAndNoPayment() throws Exception {
        // No back office through the gateway: a subject that is no customer (a client's own token) was consented to by nobody.
        for (String path : List.of("/accounts", "/accounts/{accountId}", "/accounts/{accountId}/balances",
                "/accounts/{accountId}/transactions", "/payments/{paymentId}")) {
            String concrete = path.replace("{accountId}", data.accounts().getFirst().accountId())
                    .replace("{paymentId}", UUID.randomUUID().toString());
            HttpResponse<String> refused = get(concrete, MACHINE, path, 403);
            assertThat(json(refused).get("type").asText()).endsWith("/bank/forbidden");
            assertThat(refused.body()).doesNotContain("iban", "owner");
        }
    }

    @Test
    void everyCallerReadsTheProductCatalogue() throws Exception {
        for (String subject : List.of("alice", MACHINE)) {
            JsonNode body = json(get("/products", subject, "/products", 200));
            assertThat(body.get("products").findValuesAsText("productId"))
                    .containsExactly("everyday-current", "instant-savings", "credit-card");
        }
    }

    @Test
    void anAccountComesWithItsOwnersPersonalDataAndCardsWithTheirPan() throws Exception {
        for (Account account : data.accountsOf("alice")) {
            JsonNode body = json(get("/accounts/" + account.accountId(), "alice", "/accounts/{accountId}", 200));

            assertThat(body.get("accountId").asText()).isEqualTo(account.accountId());
            assertThat(body.at("/owner/fullName").asText()).isEqualTo("Alice Schneider");
            assertThat(body.at("/owner/dateOfBirth").asText()).isEqualTo("1988-04-17");
            if (account.type() == AccountType.CARD) {
                assertThat(body.get("pan").asText()).isEqualTo(account.pan());
            } else {
                assertThat(body.get("iban").asText()).isEqualTo(account.iban());
            }
        }
    }

    @Test
    void anotherCustomersAccountIsNotFoundExactlyLikeAMissingOne() throws Exception {
        String bobs = data.accountsOf("bob").getFirst().accountId();
        String missing = "0123456789abcdef01234567";
        for (String suffix : List.of("", "/balances", "/transactions")) {
            String template = "/accounts/{accountId}" + suffix;
            HttpResponse<String> foreign = get("/accounts/" + bobs + suffix, "alice", template, 404);
            HttpResponse<String> absent = get("/accounts/" + missing + suffix, "alice", template, 404);

            assertThat(foreign.body()).isEqualTo(absent.body());
        }
    }

    @Test
    void aMalformedAccountIdIsABadRequest() throws Exception {
        for (String suffix : List.of("", "/balances", "/transactions")) {
            HttpResponse<String> response = get("/accounts/ACC-1" + suffix, "alice", "/accounts/{accountId}" + suffix, 400);
            assertThat(json(response).get("type").asText()).endsWith("/bank/invalid-request");
        }
    }

    @Test
    void balancesAreBookedAndAvailableAsDecimalStrings() throws Exception {
        Account card = data.accountsOf("bob").stream().filter(a -> a.type() == AccountType.CARD).findFirst().orElseThrow();

        JsonNode body = json(get("/accounts/" + card.accountId() + "/balances", "bob", "/accounts/{accountId}/balances", 200));

        assertThat(body.get("balances")).extracting(b -> b.get("balanceType").asText()).containsExactly("booked", "available");
        assertThat(body.at("/balances/1/balanceAmount/amount").isTextual()).isTrue();
        assertThat(new BigDecimal(body.at("/balances/1/balanceAmount/amount").asText()))
                .isEqualByComparingTo(data.balances(card).get(1).amount().amount());
    }

    // --- transactions ---------------------------------------------------------------------------------

    @Test
    void transactionsArePagedNewestFirst() throws Exception {
        Account current = currentAccountOf("alice");
        List<Transaction> all = data.transactions(current.accountId());
        String path = "/accounts/" + current.accountId() + "/transactions";

        JsonNode first = json(get(path + "?pageSize=10", "alice", "/accounts/{accountId}/transactions", 200));
        JsonNode second = json(get(path + "?pageSize=10&page=2", "alice", "/accounts/{accountId}/transactions", 200));
        JsonNode past = json(get(path + "?pageSize=100&page=99", "alice", "/accounts/{accountId}/transactions", 200));

        assertThat(first.get("totalItems").asInt()).isEqualTo(all.size());
        assertThat(first.get("totalPages").asInt()).isEqualTo((all.size() + 9) / 10);
        assertThat(ids(first.get("transactions"), "transactionId"))
                .containsExactlyElementsOf(all.subList(0, 10).stream().map(Transaction::transactionId).toList());
        assertThat(ids(second.get("transactions"), "transactionId"))
                .containsExactlyElementsOf(all.subList(10, 20).stream().map(Transaction::transactionId).toList());
        assertThat(past.get("transactions")).isEmpty();
    }

    @Test
    void transactionsCanBeLimitedToBookingDates() throws Exception {
        Account card = data.accountsOf("bob").stream().filter(a -> a.type() == AccountType.CARD).findFirst().orElseThrow();
        String path = "/accounts/" + card.accountId() + "/transactions?fromBookingDate=2026-01-01&toBookingDate=2026-01-31&pageSize=100";

        JsonNode body = json(get(path, "bob", "/accounts/{accountId}/transactions", 200));

        assertThat(body.get("transactions")).isNotEmpty().allSatisfy(t -> assertThat(t.get("bookingDate").asText()).startsWith("2026-01-"));
        assertThat(body.get("totalItems").asInt()).isEqualTo((int) data.transactions(card.accountId()).stream()
                .filter(t -> t.bookingDate().getMonthValue() == 1 && t.bookingDate().getYear() == 2026).count());
    }

    @ParameterizedTest
    @MethodSource("badTransactionQueries")
    void badTransactionQueriesAreRefused(String query) throws Exception {
        String path = "/accounts/" + currentAccountOf("alice").accountId() + "/transactions?" + query;

        get(path, "alice", "/accounts/{accountId}/transactions", 400);
    }

    static Stream<String> badTransactionQueries() {
        return Stream.of("pageSize=101", "pageSize=0", "page=0", "page=-1", "page=two", "page=1&page=2",
                "fromBookingDate=2026-02-30", "fromBookingDate=15.03.2026",
                "fromBookingDate=2026-03-01&toBookingDate=2026-02-01");
    }

    // --- payments -------------------------------------------------------------------------------------

    @Test
    void aCustomerPaysFromTheirAccountAndReadsThePaymentBack() throws Exception {
        Account current = currentAccountOf("alice");
        BigDecimal availableBefore = data.balances(current).get(1).amount().amount();
        String request = paymentRequest(current.accountId(), "120.00", "EUR", CREDITOR_IBAN, "Carol Jones", "Invoice 42");
        assertThat(contract.requestErrors("POST", "/payments", request)).isEmpty();

        HttpResponse<String> created = post(request, "alice", 201);
        JsonNode payment = json(created);
        String paymentId = payment.get("paymentId").asText();

        assertThat(created.headers().firstValue("Location")).contains("payments/" + paymentId);
        assertThat(payment.get("status").asText()).isEqualTo("AcceptedSettlementInProcess");
        assertThat(payment.at("/instructedAmount/amount").asText()).isEqualTo("120.00");
        assertThat(payment.at("/debtorAccount/iban").asText()).isEqualTo(current.iban());
        assertThat(payment.get("initiatedBy").asText()).as("the gateway checks the owner here").isEqualTo("alice");
        assertThat(json(get("/payments/" + paymentId, "alice", "/payments/{paymentId}", 200))).isEqualTo(payment);
        get("/payments/" + paymentId, MACHINE, "/payments/{paymentId}", 403);
        assertThat(data.balances(current).get(1).amount().amount())
                .isEqualByComparingTo(availableBefore.subtract(new BigDecimal("120.00")));

        HttpResponse<String> asBob = get("/payments/" + paymentId, "bob", "/payments/{paymentId}", 404);
        HttpResponse<String> unknown = get("/payments/" + UUID.randomUUID(), "bob", "/payments/{paymentId}", 404);
        assertThat(asBob.body()).isEqualTo(unknown.body());
    }

    @Test
    void aMalformedPaymentIdIsABadRequest() throws Exception {
        get("/payments/1-1-1-1-1", "alice", "/payments/{paymentId}", 400);
    }

    @Test
    void aMachineClientCannotInitiateAPayment() throws Exception {
        String request = paymentRequest(currentAccountOf("alice").accountId(), "1.00", "EUR", CREDITOR_IBAN, "Carol", null);

        HttpResponse<String> response = post(request, MACHINE, 403);

        assertThat(json(response).get("type").asText()).endsWith("/bank/forbidden");
    }

    @Test
    void aPaymentBeyondTheAvailableBalanceIsRefused() throws Exception {
        Account current = currentAccountOf("bob");
        BigDecimal available = data.balances(current).get(1).amount().amount();
        String tooMuch = available.add(BigDecimal.ONE).setScale(2).toPlainString();

        HttpResponse<String> response = post(paymentRequest(current.accountId(), tooMuch, "GBP", CREDITOR_IBAN, "Dave", null), "bob", 422);

        assertThat(json(response).get("type").asText()).endsWith("/bank/insufficient-funds");
        assertThat(data.balances(current).get(1).amount().amount()).isEqualByComparingTo(available);
    }

    /** Bodies the document's schema refuses too: the implementation must agree with it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesTheSchemaRefuses")
    void paymentBodiesTheSchemaRefusesAreBadRequests(String why, String body) throws Exception {
        assertThat(contract.requestErrors("POST", "/payments", body)).as("the document refuses it too").isNotEmpty();

        HttpResponse<String> response = post(body, "alice", 400);

        assertThat(json(response).get("type").asText()).endsWith("/bank/invalid-request");
    }

    Stream<Arguments> bodiesTheSchemaRefuses() {
        String acc = currentAccountOf("alice").accountId();
        return Stream.of(
                Arguments.of("missing creditorName", "{\"debtorAccount\":{\"accountId\":\"" + acc + "\"},"
                        + "\"instructedAmount\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"" + CREDITOR_IBAN + "\"}}"),
                Arguments.of("missing debtorAccount", "{\"instructedAmount\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
                        + "\"creditorAccount\":{\"iban\":\"" + CREDITOR_IBAN + "\"},\"creditorName\":\"Carol\"}"),
                Arguments.of("negative amount", paymentRequest(acc, "-10.00", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("three decimals", paymentRequest(acc, "10.001", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("exponent", paymentRequest(acc, "1e3", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("amount as a number", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)
                        .replace("\"10.00\"", "10.00")),
                Arguments.of("lower-case currency", paymentRequest(acc, "10.00", "eur", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("four-letter currency", paymentRequest(acc, "10.00", "EURO", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("IBAN with spaces", paymentRequest(acc, "10.00", "EUR", "GB82 WEST 1234 5698 7654 32", "Carol", null)),
                Arguments.of("unknown top-level property", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)
                        .replace("{\"debtorAccount\"", "{\"chargeBearer\":\"SHAR\",\"debtorAccount\"")),
                Arguments.of("unknown nested property", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)
                        .replace("{\"iban\"", "{\"bic\":\"WESTGB2L\",\"iban\"")),
                Arguments.of("malformed account id", paymentRequest("ACC-1", "10.00", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("empty creditor name", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "", null)),
                Arguments.of("control character in name", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol\\u0007", null)),
                Arguments.of("remittance too long", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", "x".repeat(141))),
                Arguments.of("null remittance", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)
                        .replace("\"Carol\"}", "\"Carol\",\"remittanceInformation\":null}")),
                Arguments.of("array body", "[]"));
    }

    /** Bodies that pass the schema but break a rule it cannot express (check digits, ownership, business rules). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesOnlyTheBankRefuses")
    void paymentBodiesBreakingBankRulesAreBadRequests(String why, String body) throws Exception {
        HttpResponse<String> response = post(body, "alice", 400);

        assertThat(json(response).get("type").asText()).endsWith("/bank/invalid-request");
    }

    Stream<Arguments> bodiesOnlyTheBankRefuses() {
        Account current = currentAccountOf("alice");
        String acc = current.accountId();
        String card = data.accountsOf("alice").stream().filter(a -> a.type() == AccountType.CARD).findFirst().orElseThrow().accountId();
        return Stream.of(
                Arguments.of("bad IBAN check digits", paymentRequest(acc, "10.00", "EUR", "GB83WEST12345698765432", "Carol", null)),
                Arguments.of("zero amount", paymentRequest(acc, "0.00", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("unknown currency", paymentRequest(acc, "10.00", "XYZ", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("not the account's currency", paymentRequest(acc, "10.00", "GBP", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("blank creditor name", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "   ", null)),
                Arguments.of("bob's account", paymentRequest(currentAccountOf("bob").accountId(), "10.00", "GBP", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("unknown account", paymentRequest("0123456789abcdef01234567", "10.00", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("card account", paymentRequest(card, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)),
                Arguments.of("to its own IBAN", paymentRequest(acc, "10.00", "EUR", current.iban(), "Alice", null)),
                Arguments.of("duplicate property", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null)
                        .replace("\"creditorName\"", "\"creditorName\":\"Mallory\",\"creditorName\"")),
                Arguments.of("trailing content", paymentRequest(acc, "10.00", "EUR", CREDITOR_IBAN, "Carol", null) + "{}"),
                Arguments.of("not JSON", "debtorAccount=" + acc),
                Arguments.of("empty body", ""));
    }

    @Test
    void aPaymentBodyThatIsNotJsonOrTooLargeIsRefusedBeforeParsing() throws Exception {
        HttpRequest form = request("/payments", "alice")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("amount=10")).build();
        HttpResponse<String> unsupported = http.send(form, HttpResponse.BodyHandlers.ofString());
        assertThat(unsupported.statusCode()).isEqualTo(415);
        contract.assertConforms("POST", "/payments", unsupported);

        String huge = paymentRequest(currentAccountOf("alice").accountId(), "10.00", "EUR", CREDITOR_IBAN, "Carol", "x".repeat(20_000));
        HttpResponse<String> tooLarge = post(huge, "alice", 413);
        assertThat(json(tooLarge).get("type").asText()).endsWith("/bank/payload-too-large");
    }

    // --- who is calling -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyOperation")
    void withoutASubjectEveryOperationAnswers401(String method, String template, String path) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        HttpRequest request = method.equals("POST")
                ? builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()
                : builder.GET().build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        contract.assertConforms(method, template, response);
    }

    Stream<Arguments> everyOperation() {
        String acc = currentAccountOf("alice").accountId();
        return Stream.of(
                Arguments.of("GET", "/accounts", "/accounts"),
                Arguments.of("GET", "/accounts/{accountId}", "/accounts/" + acc),
                Arguments.of("GET", "/accounts/{accountId}/balances", "/accounts/" + acc + "/balances"),
                Arguments.of("GET", "/accounts/{accountId}/transactions", "/accounts/" + acc + "/transactions"),
                Arguments.of("POST", "/payments", "/payments"),
                Arguments.of("GET", "/payments/{paymentId}", "/payments/" + UUID.randomUUID()),
                Arguments.of("GET", "/products", "/products"));
    }

    @Test
    void twoSubjectHeadersAreNotAuthentication() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/accounts"))
                .header(BankApi.SUBJECT_HEADER, "alice").header(BankApi.SUBJECT_HEADER, "bob").GET().build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        contract.assertConforms("GET", "/accounts", response);
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() throws Exception {
        HttpResponse<String> unknown = http.send(request("/customers", "alice").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = http.send(request("/accounts", "alice").DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        for (HttpResponse<String> response : List.of(unknown, wrongMethod)) {
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedResponseWasExercised() {
        assertThat(contract.documentedResponses()).hasSizeGreaterThan(20);
        assertThat(contract.exercisedResponses()).containsAll(contract.documentedResponses());
    }

    // --- helpers --------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path, String subject, String template, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(request(path, subject).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s as %s: %s", path, subject, response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        contract.assertConforms("GET", template, response);
        return response;
    }

    private HttpResponse<String> post(String body, String subject, int expectedStatus) throws Exception {
        HttpRequest request = request("/payments", subject)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /payments as %s: %s", subject, response.body()).isEqualTo(expectedStatus);
        contract.assertConforms("POST", "/payments", response);
        return response;
    }

    private HttpRequest.Builder request(String path, String subject) {
        return HttpRequest.newBuilder(uri(path)).header(BankApi.SUBJECT_HEADER, subject);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private Account currentAccountOf(String subject) {
        return data.accountsOf(subject).stream().filter(a -> a.type() == AccountType.CURRENT).findFirst().orElseThrow();
    }

    private static String paymentRequest(String accountId, String amount, String currency, String iban, String name,
                                         String remittance) {
        return "{\"debtorAccount\":{\"accountId\":\"" + accountId + "\"},"
                + "\"instructedAmount\":{\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\"},"
                + "\"creditorAccount\":{\"iban\":\"" + iban + "\"},"
                + "\"creditorName\":\"" + name + "\""
                + (remittance == null ? "" : ",\"remittanceInformation\":\"" + remittance + "\"")
                + "}";
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode array) {
        return ids(array, "accountId");
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }
}
