package io.bulwark.oauth.http;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import io.bulwark.demo.bank.Account;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consented payment over the real flow (PAR, sign-in with TOTP, consent page, code exchange) and the demo bank
 * behind the gateway: what the user saw on the consent page is what pays, once.
 */
class PaymentConsentFlowTest {

    private static final String IBAN = "DE02100100109307118603";

    private static FlowTestKit kit;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void onlyTheReferenceAndDebtorAccountOnTheConsentPagePay() {
        Account debtor = eurAccount("alice", 0);
        Account other = kit.accountsOf("alice").stream().filter(a -> !a.equals(debtor)).findFirst().orElseThrow();
        Consented consented = consent(payment("1.00", Map.of("remittanceInformationUnstructured", "Invoice 42",
                "debtorAccount", Map.of("accountId", debtor.accountId()))));
        assertThat(consented.page()).contains("<dt>Reference</dt><dd>Invoice 42</dd>").contains("<dt>From</dt><dd>" + debtor.name());

        HttpResponse<String> otherReference = pay(consented.token(), order(debtor, "1.00", "Invoice 43"));
        assertThat(otherReference.statusCode()).as(otherReference.body()).isEqualTo(403);
        assertThat(FlowTestKit.json(otherReference.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/payment-not-consented");
        assertThat(FlowTestKit.json(otherReference.body()).get("detail").asText()).contains("reference");
        assertThat(pay(consented.token(), order(debtor, "1.00", null)).statusCode()).as("no reference at all").isEqualTo(403);
        HttpResponse<String> otherDebtor = pay(consented.token(), order(other, "1.00", "Invoice 42"));
        assertThat(otherDebtor.statusCode()).as(otherDebtor.body()).isEqualTo(403);
        assertThat(FlowTestKit.json(otherDebtor.body()).get("detail").asText()).contains("debtor account");

        HttpResponse<String> asConsented = pay(consented.token(), order(debtor, "1.00", "Invoice 42"));
        assertThat(asConsented.statusCode()).as(asConsented.body()).isEqualTo(201);
    }

    @Test
    void aPaymentTheBankRefusesDoesNotSpendTheConsent() {
        Account alices = eurAccount("alice", 0);
        Account bobs = kit.accountsOf("bob").getFirst();
        String token = consent(payment("2.00", Map.of())).token();

        // The bank turns the order down and moves no money: the user's consent still pays.
        HttpResponse<String> notHers = pay(token, order(bobs, "2.00", null));
        assertThat(notHers.statusCode()).as(notHers.body()).isBetween(400, 499).isNotEqualTo(403);
        HttpResponse<String> hers = pay(token, order(alices, "2.00", null));
        assertThat(hers.statusCode()).as(hers.body()).isEqualTo(201);

        // Made once: spent for good.
        HttpResponse<String> again = pay(token, order(alices, "2.00", null));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(403);
        assertThat(FlowTestKit.json(again.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/payment-consent-used");
    }

    @Test
    void aPaymentRefusedForWantOfFundsCanBeTriedAgain() {
        Account alices = eurAccount("alice", 0);
        String token = consent(payment("999999999.00", Map.of())).token();
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> refused = pay(token, order(alices, "999999999.00", null));
            assertThat(refused.statusCode()).as("attempt %d: %s", attempt, refused.body()).isEqualTo(422);
            assertThat(refused.body()).containsIgnoringCase("insufficient");
        }
    }

    @Test
    void aPayeeOrReferenceThatWouldNotShowAsWrittenIsRefusedAtPar() {
        // "Shop \u202Etlobal\u202C Ltd" reads "Shop labolt Ltd" on a page: RFC 9396 §5 invalid_authorization_details.
        for (Map.Entry<String, String> field : List.of(Map.entry("creditorName", "Shop \u202Etlobal\u202C Ltd"),
                Map.entry("remittanceInformationUnstructured", "Invoice\u200B 42"))) {
            AuthorizationDetail detail = new AuthorizationDetail.Builder(new AuthorizationType("payment_initiation"))
                    .field("instructedAmount", Map.of("amount", "1.00", "currency", "EUR"))
                    .field("creditorAccount", Map.of("iban", IBAN))
                    .field("creditorName", "Merchant A")
                    .field(field.getKey(), field.getValue())
                    .build();
            com.nimbusds.oauth2.sdk.http.HTTPResponse response = kit.pushRaw("demo-partner",
                    kit.request("demo-partner", new CodeVerifier()).scope(new Scope("payments:write"))
                            .authorizationDetails(List.of(detail)).build());
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
            assertThat(FlowTestKit.json(response.getBody()).get("error").asText()).isEqualTo("invalid_authorization_details");
            assertThat(FlowTestKit.json(response.getBody()).get("error_description").asText()).contains(field.getKey());
        }
    }

    // --- the flow ---

    private record Consented(String page, String token) {
    }

    /** Alice consents to {@code detail} (sign-in, TOTP, consent page) and the client exchanges the code: the page and the token. */
    private static Consented consent(AuthorizationDetail detail) {
        kit.clock.advance(Duration.ofSeconds(30)); // a fresh TOTP step: each code is accepted once
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state)
                .scope(new Scope("payments:write")).authorizationDetails(List.of(detail)).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> verify = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        URI consentUri = TestBrowser.seeOther(browser.post("/authorize/verify",
                List.of(Map.entry("csrf", TestBrowser.csrf(verify)), Map.entry("code", kit.totp("alice")))));
        HttpResponse<String> page = browser.get(consentUri.toString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        URI location = TestBrowser.seeOther(kit.approve(browser, page, List.of()));
        TokenResponse response = kit.parseToken(kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier));
        assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();
        return new Consented(page.body(), response.toSuccessResponse().getTokens().getAccessToken().getValue());
    }

    /** A payment_initiation detail of {@code amount} EUR to Merchant A, with {@code extra} fields. */
    private static AuthorizationDetail payment(String amount, Map<String, Object> extra) {
        AuthorizationDetail.Builder detail = new AuthorizationDetail.Builder(new AuthorizationType("payment_initiation"))
                .field("instructedAmount", Map.of("amount", amount, "currency", "EUR"))
                .field("creditorAccount", Map.of("iban", IBAN))
                .field("creditorName", "Merchant A");
        extra.forEach(detail::field);
        return detail.build();
    }

    private static HttpResponse<String> pay(String token, String order) {
        return kit.postGateway("/bank/v1/payments", order, token, kit.dpopKey("demo-partner"));
    }

    private static String order(Account debtor, String amount, String reference) {
        return "{\"debtorAccount\":{\"accountId\":\"" + debtor.accountId() + "\"},\"instructedAmount\":{\"amount\":\"" + amount
                + "\",\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"" + IBAN + "\"},\"creditorName\":\"Merchant A\""
                + (reference == null ? "" : ",\"remittanceInformation\":\"" + reference + "\"") + "}";
    }

    /** The {@code index}th of {@code subject}'s EUR accounts that can send credit transfers. */
    private static Account eurAccount(String subject, int index) {
        return kit.accountsOf(subject).stream().filter(a -> a.canSendCreditTransfers() && a.currency().equals("EUR"))
                .skip(index).findFirst().orElseThrow(() -> new AssertionError(subject + " has no EUR account number " + index));
    }
}
