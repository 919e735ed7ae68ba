package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.SpentPayments;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.http.Problem;
import io.bulwark.oauth.dpop.AccessTokenHash;
import io.bulwark.oauth.rar.PaymentInitiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Spends a consented {@code payment_initiation} detail once: the first payment that fits it passes, any later
 * one with a token of the same grant (or the same token) is refused before the API. The use is recorded,
 * across nodes, before the payment is forwarded.
 */
public final class PaymentSingleUseStep implements Step {

    static final Problem USED = Problem.of("payment-consent-used", "Forbidden", 403,
            "the payment the user consented to has already been initiated; a new payment needs a new consent");
    static final Problem UNVERIFIABLE = Problem.of("payment-consent-unverifiable", "Service Unavailable", 503,
            "whether the consented payment was already made cannot be checked now; try again later");

    private static final Logger LOG = LoggerFactory.getLogger(PaymentSingleUseStep.class);

    private final SpentPayments spent;
    private final Duration grantRetention;

    /**
     * @param spent          the cross-node record of spent details
     * @param grantRetention how long past a token's expiry a grant's spent detail is remembered (a grant has no expiry
     *                       the gateway sees, and later tokens of the grant must not pay again)
     */
    public PaymentSingleUseStep(SpentPayments spent, Duration grantRetention) {
        this.spent = spent;
        this.grantRetention = grantRetention;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        if (exchange.operation().operation().paymentBinding() == null) {
            return chain.proceed(exchange);
        }
        if (exchange.fittingPayments().isEmpty()) {
            // Only PaymentConsentStep, earlier in the pipeline, says which consented payment this is: fail closed without it.
            return GatewayResponse.refuse(Problem.of("payment-not-consented", "Forbidden", 403,
                    "the payment fits no payment_initiation detail of the token"), "payment_not_consented");
        }
        VerifiedAccessToken token = exchange.accessToken();
        List<PaymentInitiation> details = token.payments().payments();
        // A grant's tokens share its details, so a detail is spent for the grant; a token without a grant spends its own.
        String holder = token.grantId() != null ? "grant " + token.grantId() : "token " + token.tokenId();
        Instant forgetAfter = token.grantId() != null ? token.expiresAt().plus(grantRetention) : token.expiresAt();
        boolean first = false;
        try {
            // RFC 9396 §2: a payment_initiation detail authorizes one payment. The use is spent before the API is
            // called (fail closed): a payment the API then fails to make needs a new consent, never a second payment.
            for (int i = 0; i < exchange.fittingPayments().size() && !first; i++) {
                int position = exchange.fittingPayments().get(i);
                PaymentInitiation detail = details.get(position);
                String id = AccessTokenHash.of(holder + " detail " + position + " " + detail.amount().toPlainString() + " "
                        + detail.currency() + " " + detail.creditorIban() + " " + detail.creditorName());
                first = spent.spend(id, forgetAfter);
            }
        } catch (RuntimeException e) {   // fail closed: a store that cannot say is no permission to pay
            LOG.error("request {}: spent payment consents cannot be read ({})", exchange.requestId(), e.getMessage());
            return GatewayResponse.refuse(UNVERIFIABLE, "payment_consent_store_unavailable");
        }
        if (first) {
            return chain.proceed(exchange);
        }
        LOG.warn("refused a second payment on a consent of {} (client {}) on request {}", token.subject(), token.clientId(),
                exchange.requestId());
        return GatewayResponse.refuse(USED, "payment_consent_used");
    }
}
