package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
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
import java.util.Set;

/**
 * Spends a consented {@code payment_initiation} detail once: the payment that fits it is reserved, across nodes, before
 * it is forwarded, so that a concurrent or later payment on the same grant (or token) is refused before the API. The
 * reservation is spent when the API made the payment (2xx), released when the API refused it (4xx: no money moved,
 * the user need not consent again), and otherwise kept as spent: after a 5xx, a timeout or an answer the gateway
 * withheld, money may have moved, so the consent is not offered again (fail closed).
 */
public final class PaymentSingleUseStep implements Step {

    static final Problem USED = Problem.of("payment-consent-used", "Forbidden", 403,
            "the payment the user consented to has already been initiated, or is being initiated now; a new payment needs a new consent");
    static final Problem UNVERIFIABLE = Problem.of("payment-consent-unverifiable", "Service Unavailable", 503,
            "whether the consented payment was already made cannot be checked now; try again later");

    private static final Logger LOG = LoggerFactory.getLogger(PaymentSingleUseStep.class);

    /** A reserved detail: its id and the holder that settles it. */
    private record Reservation(String id, String holder) {
    }

    private final SpentPayments spent;
    private final Duration grantRetention;

    /**
     * @param spent          the cross-node record of reserved and spent details
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
        Reservation reservation = null;
        try {
            // RFC 9396 §2: a payment_initiation detail authorizes one payment. It is reserved before the API is called,
            // so that two concurrent payments cannot both pass, and settled by the API's answer below.
            for (int i = 0; i < exchange.fittingPayments().size() && reservation == null; i++) {
                int position = exchange.fittingPayments().get(i);
                PaymentInitiation detail = details.get(position);
                String id = AccessTokenHash.of(holder + " detail " + position + " " + detail.amount().toPlainString() + " "
                        + detail.currency() + " " + detail.creditorIban() + " " + detail.creditorName());
                reservation = spent.reserve(id, forgetAfter).map(h -> new Reservation(id, h)).orElse(null);
            }
        } catch (RuntimeException e) {   // fail closed: a store that cannot say is no permission to pay
            LOG.error("request {}: spent payment consents cannot be read ({})", exchange.requestId(), e.getMessage());
            return GatewayResponse.refuse(UNVERIFIABLE, "payment_consent_store_unavailable");
        }
        if (reservation == null) {
            LOG.warn("refused a second payment on a consent of {} (client {}) on request {}", token.subject(), token.clientId(),
                    exchange.requestId());
            return GatewayResponse.refuse(USED, "payment_consent_used");
        }
        GatewayResponse response = chain.proceed(exchange);
        settle(reservation, response, exchange.requestId());
        return response;
    }

    /** Spends or releases the reservation by what the API answered; anything else leaves it spent. */
    private void settle(Reservation reservation, GatewayResponse response, String requestId) {
        // Only the API's own answer tells whether money moved; a refusal by the gateway after the reservation (the
        // upstream timed out or failed, an answer broke its contract or named another owner) tells nothing.
        boolean fromApi = !response.refused();
        try {
            if (fromApi && response.status() >= 200 && response.status() < 300) {
                spent.spend(reservation.id(), reservation.holder());
            } else if (fromApi && response.status() >= 400 && response.status() < 500) {
                // The bank refused the order (funds, debtor account, ...) and made no payment: the consent stands.
                spent.release(reservation.id(), reservation.holder());
            } else {
                LOG.warn("request {}: the payment's outcome is unknown (status {}); its consent stays spent", requestId,
                        response.status());
            }
        } catch (RuntimeException e) {   // the reservation stands: at worst the user consents again, never a double payment
            LOG.error("request {}: the payment's consent could not be settled ({}); it stays spent", requestId, e.getMessage());
        }
    }

    @Override
    public Phase phase() {
        return Phase.COMMIT;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN, Fact.FITTING_PAYMENTS);
    }
}
