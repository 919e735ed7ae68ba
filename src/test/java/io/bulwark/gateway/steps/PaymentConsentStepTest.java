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
import io.bulwark.gateway.PaymentConsent;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.PaymentBinding;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.gateway.openapi.RouteTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9396 payment_initiation details bound to the payment in the request body. */
class PaymentConsentStepTest {

    private static final PaymentBinding BINDING = new PaymentBinding(JsonPointer.compile("/instructedAmount/amount"),
            JsonPointer.compile("/instructedAmount/currency"), JsonPointer.compile("/creditorAccount/iban"), JsonPointer.compile("/creditorName"),
            JsonPointer.compile("/remittanceInformation"), JsonPointer.compile("/debtorAccount/accountId"));
    private static final String IBAN = "DE02100100109307118603";

    private GatewayResponse pay(String body, PaymentConsent consent) {
        return pay(body, consent, BINDING);
    }

    private GatewayResponse pay(String body, PaymentConsent consent, PaymentBinding binding) {
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("pay", "POST", "/payments", List.of(Set.of()), null, null, binding, ResponseOwnership.NONE)))),
                TestSteps.token(exchange -> TestTokens.token("alice", "app").scopes("payments:write").grantId("g")
                        .payments(consent).build()),
                new PaymentConsentStep(),
                TestSteps.upstream(exchange -> new GatewayResponse(201, Map.of(), new byte[0], null, null))), RequestTracing.NONE);
        return pipeline.handle(new Exchange(new GatewayRequest("POST", "/bank/v1/payments", null,
                Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", null)));
    }

    private static String body(String amount, String currency, String iban, String name) {
        return "{\"debtorAccount\":{\"accountId\":\"a\"},\"instructedAmount\":{\"amount\":\"" + amount + "\",\"currency\":\"" + currency
                + "\"},\"creditorAccount\":{\"iban\":\"" + iban + "\"},\"creditorName\":\"" + name + "\"}";
    }

    private static PaymentConsent consent(String amount, String currency, String iban, String name, List<String> actions) {
        return PaymentConsent.fromClaim(List.of(Map.of("type", "payment_initiation", "actions", actions,
                "instructedAmount", Map.of("amount", amount, "currency", currency), "creditorAccount", Map.of("iban", iban),
                "creditorName", name)));
    }

    private static final PaymentConsent MERCHANT = consent("123.50", "EUR", IBAN, "Merchant A", List.of("initiate"));

    @Test
    void aPaymentThatFitsTheConsentPasses() {
        assertThat(pay(body("123.50", "EUR", IBAN, "Merchant A"), MERCHANT).status()).isEqualTo(201);
        assertThat(pay(body("99.99", "EUR", IBAN, "Merchant A"), MERCHANT).status()).as("below the consented amount").isEqualTo(201);
    }

    @Test
    void overreachIsRefusedWithItsReason() {
        assertRefused(pay(body("123.51", "EUR", IBAN, "Merchant A"), MERCHANT), "payment_amount_exceeds_consent");
        assertRefused(pay(body("123.50", "GBP", IBAN, "Merchant A"), MERCHANT), "payment_currency_not_consented");
        assertRefused(pay(body("123.50", "EUR", "GB33BUKB20201555555555", "Merchant A"), MERCHANT), "payment_creditor_not_consented");
        assertRefused(pay(body("123.50", "EUR", IBAN, "Mallory"), MERCHANT), "payment_creditor_not_consented");
        assertRefused(pay(body("1e9", "EUR", IBAN, "Merchant A"), MERCHANT), "payment_fields_missing");
        assertRefused(pay("{\"instructedAmount\":{\"currency\":\"EUR\"}}", MERCHANT), "payment_fields_missing");
    }

    @Test
    void withoutAPaymentDetailWithTheInitiateActionNothingIsPaid() {
        assertRefused(pay(body("1.00", "EUR", IBAN, "Merchant A"), PaymentConsent.NONE), "payment_not_consented");
        assertRefused(pay(body("1.00", "EUR", IBAN, "Merchant A"), consent("123.50", "EUR", IBAN, "Merchant A", List.of("status"))),
                "payment_not_consented");
    }

    @Test
    void malformedPaymentDetailsAreRefusedWhenReadFromTheToken() {
        assertThatThrownBy(() -> consent("-1.00", "EUR", IBAN, "Merchant A", List.of("initiate"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> consent("1.00", "EUR", "DE00100100109307118603", "M", List.of("initiate")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PaymentConsent.fromClaim(List.of(Map.of("type", "account_information", "actions", List.of("list_accounts")))).present())
                .isFalse();
    }

    private static PaymentConsent invoice42(String debtor) {
        Map<String, Object> detail = new java.util.HashMap<>(Map.of("type", "payment_initiation", "actions", List.of("initiate"),
                "instructedAmount", Map.of("amount", "123.50", "currency", "EUR"), "creditorAccount", Map.of("iban", IBAN),
                "creditorName", "Merchant A", "remittanceInformationUnstructured", "Invoice 42"));
        if (debtor != null) {
            detail.put("debtorAccount", Map.of("accountId", debtor));
        }
        return PaymentConsent.fromClaim(List.of(detail));
    }

    private static String withReference(String debtor, String reference) {
        return "{\"debtorAccount\":{\"accountId\":\"" + debtor + "\"},\"instructedAmount\":{\"amount\":\"123.50\",\"currency\":\"EUR\"},"
                + "\"creditorAccount\":{\"iban\":\"" + IBAN + "\"},\"creditorName\":\"Merchant A\""
                + (reference == null ? "" : ",\"remittanceInformation\":\"" + reference + "\"") + "}";
    }

    @Test
    void theReferenceTheUserSawIsTheOnlyOneThatPays() {
        assertThat(pay(withReference("a", "Invoice 42"), invoice42(null)).status()).isEqualTo(201);
        assertRefused(pay(withReference("a", "Invoice 43"), invoice42(null)), "payment_reference_not_consented");
        assertRefused(pay(withReference("a", null), invoice42(null)), "payment_reference_not_consented");
        // The user saw no reference: the client may not add one.
        assertRefused(pay(withReference("a", "Invoice 42"), MERCHANT), "payment_reference_not_consented");
    }

    @Test
    void aConsentedDebtorAccountIsTheOnlyOneThatPays() {
        assertThat(pay(withReference("acc-1", "Invoice 42"), invoice42("acc-1")).status()).isEqualTo(201);
        assertRefused(pay(withReference("acc-2", "Invoice 42"), invoice42("acc-1")), "payment_debtor_not_consented");
        assertThat(pay(withReference("acc-2", "Invoice 42"), invoice42(null)).status()).as("no debtor consented: the bank decides")
                .isEqualTo(201);
    }

    @Test
    void aFieldTheUserSawThatTheOperationCannotCheckIsRefused() {
        PaymentBinding noReference = new PaymentBinding(BINDING.amount(), BINDING.currency(), BINDING.creditorIban(),
                BINDING.creditorName(), null, BINDING.debtorAccount());
        PaymentBinding noDebtor = new PaymentBinding(BINDING.amount(), BINDING.currency(), BINDING.creditorIban(),
                BINDING.creditorName(), BINDING.remittance(), null);
        assertRefused(pay(withReference("acc-1", "Invoice 42"), invoice42("acc-1"), noReference), "payment_binding_incomplete");
        assertRefused(pay(withReference("acc-1", "Invoice 42"), invoice42("acc-1"), noDebtor), "payment_binding_incomplete");
        assertThat(pay(withReference("acc-1", "Invoice 42"), invoice42(null), noDebtor).status()).isEqualTo(201);
        assertThat(pay(withReference("acc-1", null), MERCHANT, noReference).status()).isEqualTo(201);
    }

    private static void assertRefused(GatewayResponse response, String reason) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.refusal().type()).isEqualTo("https://bulwark.dev/problems/payment-not-consented");
        assertThat(response.reason()).isEqualTo(reason);
    }
}
