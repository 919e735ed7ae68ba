package io.bulwark.gateway.steps;

import com.fasterxml.jackson.core.JsonPointer;
import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.PaymentConsent;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.PaymentBinding;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.store.StoreException;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9396 payment_initiation: each consented payment is made once, per grant (or token) and detail. */
class PaymentSingleUseStepTest {

    private static final PaymentBinding BINDING = new PaymentBinding(JsonPointer.compile("/instructedAmount/amount"),
            JsonPointer.compile("/instructedAmount/currency"), JsonPointer.compile("/creditorAccount/iban"), JsonPointer.compile("/creditorName"),
            JsonPointer.compile("/remittanceInformation"), JsonPointer.compile("/debtorAccount/accountId"));
    private static final String IBAN = "DE02100100109307118603";
    private static final Map<String, Object> MERCHANT = Map.of("type", "payment_initiation", "actions", List.of("initiate"),
            "instructedAmount", Map.of("amount", "10.00", "currency", "EUR"), "creditorAccount", Map.of("iban", IBAN),
            "creditorName", "Merchant A");

    private final MutableClock clock = MutableClock.atNow();
    private final InMemoryReplayGuard guard = new InMemoryReplayGuard(clock);
    private final List<String> paid = new ArrayList<>();
    private boolean storeDown;

    private GatewayResponse pay(String amount, String grantId, String jti, List<Map<String, Object>> details) {
        Instant expires = clock.instant().plusSeconds(300);
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        new ApiOperation("pay", "POST", "/payments", List.of(Set.of()), null, null, BINDING, ResponseOwnership.NONE)))),
                (exchange, chain) -> {
                    exchange.accessToken(new VerifiedAccessToken("alice", "app", Set.of("payments:write"), jti, expires,
                            TokenConfirmation.NONE, grantId, AccountConsent.NONE, PaymentConsent.fromClaim(details)));
                    return chain.proceed(exchange);
                },
                new PaymentConsentStep(),
                new PaymentSingleUseStep((id, until) -> {
                    if (storeDown) {
                        throw new StoreException("down", null);
                    }
                    return guard.firstUse("payment-consent", id, until);
                }, Duration.ofDays(90)),
                (exchange, chain) -> {
                    paid.add(amount);
                    return new GatewayResponse(201, Map.of(), new byte[0], null, null);
                }));
        String body = "{\"instructedAmount\":{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"" + IBAN
                + "\"},\"creditorName\":\"Merchant A\"}";
        return pipeline.handle(new Exchange(new GatewayRequest("POST", "/bank/v1/payments", null,
                Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", null)));
    }

    @Test
    void theSecondPaymentOnOneConsentIsRefused() {
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).isEqualTo(201);
        GatewayResponse again = pay("9.00", "g1", "t1", List.of(MERCHANT));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.refusal().type()).isEqualTo("https://bulwark.dev/problems/payment-consent-used");
        assertThat(again.reason()).isEqualTo("payment_consent_used");
        assertThat(pay("10.00", "g1", "t2", List.of(MERCHANT)).reason()).as("another token of the same grant").isEqualTo("payment_consent_used");
        assertThat(paid).containsExactly("10.00");
        assertThat(pay("10.00", "g2", "t3", List.of(MERCHANT)).status()).as("another grant").isEqualTo(201);
    }

    @Test
    void aTokenWithoutAGrantSpendsItsOwnDetail() {
        assertThat(pay("10.00", null, "t1", List.of(MERCHANT)).status()).isEqualTo(201);
        assertThat(pay("10.00", null, "t1", List.of(MERCHANT)).reason()).isEqualTo("payment_consent_used");
        assertThat(pay("10.00", null, "t2", List.of(MERCHANT)).status()).isEqualTo(201);
    }

    @Test
    void twoConsentedPaymentsPayTwice() {
        List<Map<String, Object>> two = List.of(MERCHANT, MERCHANT);
        assertThat(pay("10.00", "g1", "t1", two).status()).isEqualTo(201);
        assertThat(pay("10.00", "g1", "t1", two).status()).isEqualTo(201);
        assertThat(pay("10.00", "g1", "t1", two).reason()).isEqualTo("payment_consent_used");
    }

    @Test
    void aRefusedPaymentSpendsNothing() {
        assertThat(pay("10.01", "g1", "t1", List.of(MERCHANT)).reason()).isEqualTo("payment_amount_exceeds_consent");
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).isEqualTo(201);
    }

    @Test
    void aStoreThatCannotSayRefusesThePayment() {
        storeDown = true;
        GatewayResponse response = pay("10.00", "g1", "t1", List.of(MERCHANT));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.reason()).isEqualTo("payment_consent_store_unavailable");
        assertThat(paid).isEmpty();
    }

    @Test
    void aGrantsSpentDetailOutlivesTheToken() {
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).isEqualTo(201);
        clock.advance(Duration.ofDays(30));
        assertThat(pay("10.00", "g1", "t9", List.of(MERCHANT)).reason()).isEqualTo("payment_consent_used");
    }
}
