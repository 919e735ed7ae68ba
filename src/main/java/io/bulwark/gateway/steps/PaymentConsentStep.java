package io.bulwark.gateway.steps;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.contract.StrictJson;
import io.bulwark.gateway.openapi.PaymentBinding;
import io.bulwark.http.Problem;
import io.bulwark.oauth.rar.PaymentInitiation;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a token's RFC 9396 {@code payment_initiation} details to a payment request: the body fields its
 * operation names ({@code x-bulwark-payment-binding}) must fit one consented payment — the amount at most
 * the consented one, the same currency, creditor account, creditor name and reference (none when the user saw
 * none), and the debtor account when the consent names one. A token without such a detail cannot pay at all.
 */
public final class PaymentConsentStep implements Step {

    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,17})(\\.[0-9]{1,4})?");

    /** What does not fit, from the body's side: the machine reason and the words for the caller. */
    private record Misfit(String reason, String detail) {
    }

    private static final Misfit NO_DETAIL = new Misfit("payment_not_consented",
            "the token carries no payment_initiation authorization detail with the initiate action");

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        PaymentBinding binding = exchange.operation().operation().paymentBinding();
        if (binding == null) {
            exchange.fittingPayments(List.of());
            return chain.proceed(exchange);
        }
        // RFC 9396 §2 and FAPI 2.0 (payment initiation): the token authorizes the payment the user saw at
        // consent and nothing else; scope alone (payments:write) never suffices, so machine tokens cannot pay.
        List<PaymentInitiation> details = exchange.accessToken().payments().payments();
        boolean anyInitiate = details.stream().anyMatch(p -> p.actions().contains("initiate"));
        Misfit first = anyInitiate ? null : NO_DETAIL;
        JsonNode body = anyInitiate ? body(exchange.request().body()) : null;
        List<Integer> fitting = new ArrayList<>();
        for (int i = 0; i < details.size(); i++) {
            if (!details.get(i).actions().contains("initiate")) {
                continue;
            }
            Misfit misfit = misfit(details.get(i), body, binding);
            if (misfit == null) {
                fitting.add(i);
            }
            first = first == null ? misfit : first;
        }
        if (!fitting.isEmpty()) {
            // Every fitting detail, so that PaymentSingleUseStep can spend one not yet used.
            exchange.fittingPayments(fitting);
            return chain.proceed(exchange);
        }
        return GatewayResponse.refuse(Problem.of("payment-not-consented", "Forbidden", 403, first.detail()), first.reason());
    }

    private static JsonNode body(byte[] body) {
        try {
            return StrictJson.parse(body);
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** Why the body does not fit {@code payment}, or null when it does. */
    private static Misfit misfit(PaymentInitiation payment, JsonNode body, PaymentBinding binding) {
        BigDecimal amount = amount(body.at(binding.amount()));
        if (amount == null) {
            return new Misfit("payment_fields_missing", "the payment's amount (" + binding.amount()
                    + ") is missing or not a decimal amount");
        }
        if (amount.compareTo(payment.amount()) > 0) {
            return new Misfit("payment_amount_exceeds_consent", "the payment's amount (" + binding.amount()
                    + ") is above the amount the user consented to");
        }
        if (!payment.currency().equals(text(body, binding.currency()))) {
            return new Misfit("payment_currency_not_consented", "the payment's currency (" + binding.currency()
                    + ") is not the currency the user consented to");
        }
        if (binding.creditorIban() != null && !payment.creditorIban().equals(text(body, binding.creditorIban()))) {
            return new Misfit("payment_creditor_not_consented", "the payment's creditor account (" + binding.creditorIban()
                    + ") is not the one the user consented to");
        }
        if (binding.creditorName() != null && !payment.creditorName().equals(text(body, binding.creditorName()))) {
            return new Misfit("payment_creditor_not_consented", "the payment's creditor name (" + binding.creditorName()
                    + ") is not the one the user consented to");
        }
        // Every field the consent page showed binds the payment (RFC 9396 §2: the details describe what is authorized).
        // A field the user saw that this operation cannot check fails closed, rather than passing unchecked.
        if (binding.remittance() == null && payment.remittance() != null) {
            return new Misfit("payment_binding_incomplete", "the user consented to a reference that this operation's "
                    + "x-bulwark-payment-binding cannot check (no remittanceInformationUnstructured)");
        }
        if (binding.remittance() != null && !same(payment.remittance(), body.at(binding.remittance()))) {
            return new Misfit("payment_reference_not_consented", "the payment's reference (" + binding.remittance()
                    + ") is not the one the user consented to");
        }
        if (payment.debtorAccount() != null && binding.debtorAccount() == null) {
            return new Misfit("payment_binding_incomplete", "the user consented to a debtor account that this operation's "
                    + "x-bulwark-payment-binding cannot check (no debtorAccount.accountId)");
        }
        if (payment.debtorAccount() != null && !same(payment.debtorAccount(), body.at(binding.debtorAccount()))) {
            return new Misfit("payment_debtor_not_consented", "the payment's debtor account (" + binding.debtorAccount()
                    + ") is not the one the user consented to");
        }
        return null;
    }

    /** Whether {@code value} is {@code consented}: the same string, or absent (or null) when nothing was consented. */
    private static boolean same(String consented, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return consented == null;
        }
        return value.isTextual() && value.asText().equals(consented);
    }

    private static String text(JsonNode body, JsonPointer field) {
        JsonNode value = body.at(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** A decimal string such as "12.50" (RFC 9396 §A.3 writes amounts so), or a JSON number; else null. */
    private static BigDecimal amount(JsonNode value) {
        if (value.isTextual() && DECIMAL.matcher(value.asText()).matches()) {
            return new BigDecimal(value.asText());
        }
        return value.isNumber() && value.decimalValue().signum() >= 0 ? value.decimalValue() : null;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN);
    }

    @Override
    public Set<Fact> provides() {
        return Set.of(Fact.FITTING_PAYMENTS);
    }
}
