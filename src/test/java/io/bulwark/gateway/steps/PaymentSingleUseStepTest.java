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
import io.bulwark.gateway.SpentPayments;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.PaymentBinding;
import io.bulwark.gateway.openapi.ResponseOwnership;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.http.Problem;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.store.StoreException;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    private final List<String> paid = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean storeDown;
    /** What the API (or the gateway after this step) answers; 201 by default. */
    private volatile Supplier<GatewayResponse> upstream = () -> answer(201);

    @TempDir
    Path dataDir;
    private JdbcStore store;
    private SpentPayments spent;

    @BeforeEach
    void openStore() {
        // The real store (embedded H2), through the same reservations the node wires.
        store = JdbcStore.embedded(dataDir, clock);
        spent = new SpentPayments() {
            @Override
            public Optional<String> reserve(String id, Instant rememberUntil) {
                if (storeDown) {
                    throw new StoreException("down", null);
                }
                return store.reservations().reserve("payment-consent", id, rememberUntil);
            }

            @Override
            public void spend(String id, String holder) {
                store.reservations().spend("payment-consent", id, holder);
            }

            @Override
            public void release(String id, String holder) {
                store.reservations().release("payment-consent", id, holder);
            }
        };
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static GatewayResponse answer(int status) {
        return new GatewayResponse(status, Map.of(), new byte[0], null, null);
    }

    private GatewayResponse pay(String amount, String grantId, String jti, List<Map<String, Object>> details) {
        Instant expires = clock.instant().plusSeconds(300);
        GatewayPipeline pipeline = new GatewayPipeline(List.of(
                new RouteStep(new RouteTable().add("bank", "/bank/v1", List.of(
                        TestOperations.operation("pay", "POST", "/payments", List.of(Set.of()), null, null, BINDING, ResponseOwnership.NONE)))),
                TestSteps.token(exchange -> TestTokens.token("alice", "app").scopes("payments:write").tokenId(jti)
                        .expiresAt(expires).grantId(grantId).payments(PaymentConsent.fromClaim(details)).build()),
                new PaymentConsentStep(),
                new PaymentSingleUseStep(spent, Duration.ofDays(90)),
                TestSteps.upstream(exchange -> {
                    GatewayResponse response = upstream.get();
                    if (response.status() / 100 == 2) {
                        paid.add(amount);
                    }
                    return response;
                })), RequestTracing.NONE);
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

    @Test
    void aPaymentTheApiRefusesLeavesTheConsentToPayAgain() {
        upstream = () -> answer(422);   // e.g. insufficient funds, or a debtor account that is not the user's
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).isEqualTo(422);
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).as("released: no money moved").isEqualTo(422);
        upstream = () -> answer(201);
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).status()).isEqualTo(201);
        assertThat(pay("10.00", "g1", "t1", List.of(MERCHANT)).reason()).as("spent on success").isEqualTo("payment_consent_used");
        assertThat(paid).containsExactly("10.00");
    }

    @Test
    void aPaymentWhoseOutcomeIsUnknownStaysSpent() {
        for (GatewayResponse unknown : List.of(answer(500), answer(504),
                GatewayResponse.refuse(Problem.of("upstream-timeout", "Gateway Timeout", 504, "t"), "upstream_timeout"),
                GatewayResponse.refuse(Problem.of("object-not-found", "Not Found", 404, "n"), "object_not_owned"))) {
            String grant = "g-" + unknown.status() + "-" + unknown.refused();
            upstream = () -> unknown;
            assertThat(pay("10.00", grant, "t1", List.of(MERCHANT)).status()).isEqualTo(unknown.status());
            upstream = () -> answer(201);
            // Money may have moved (a 5xx, a timeout, an answer the gateway withheld): fail closed, the user consents again.
            assertThat(pay("10.00", grant, "t1", List.of(MERCHANT)).reason()).as("after %s", unknown).isEqualTo("payment_consent_used");
        }
        assertThat(paid).isEmpty();
    }

    @Test
    void aSecondPaymentWhileTheFirstIsInFlightIsRefused() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        upstream = () -> {
            inFlight.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer(422);
        };
        CompletableFuture<GatewayResponse> first = CompletableFuture.supplyAsync(() -> pay("10.00", "g1", "t1", List.of(MERCHANT)));
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
        upstream = () -> answer(201);
        assertThat(pay("10.00", "g1", "t2", List.of(MERCHANT)).reason()).as("reserved while in flight").isEqualTo("payment_consent_used");
        finish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(422);
        assertThat(pay("10.00", "g1", "t2", List.of(MERCHANT)).status()).as("released after the refusal").isEqualTo(201);
    }
}
