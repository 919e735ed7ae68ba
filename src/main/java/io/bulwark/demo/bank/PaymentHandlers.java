package io.bulwark.demo.bank;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** HTTP adapters for the payment operations: initiate a payment as a customer, and read one back. */
final class PaymentHandlers {

    private final BankData data;

    PaymentHandlers(BankData data) {
        this.data = data;
    }

    /** {@code POST /payments}: only a customer may pay, and only from their own account. */
    void create(RoutingContext ctx) {
        // A subject that is no customer is refused here (403): only a customer can pay.
        Caller holder = caller(ctx);
        Buffer body = ctx.body().buffer();
        PaymentOrder order = PaymentRequestParser.parse(body == null ? null : body.getBytes());
        Payment payment = switch (data.submitPayment(holder.customer().subject(), order)) {
            case PaymentOutcome.Accepted accepted -> accepted.payment();
            case PaymentOutcome.Refused refused -> throw refusal(refused.reason());
        };
        // Relative, so it resolves against whatever prefix the client used: /bank/v1/payments at the gateway,
        // /payments here.
        ctx.response().putHeader(HttpHeaders.LOCATION, "payments/" + payment.paymentId());
        BankResponses.json(ctx, 201, BankJson.payment(payment));
    }

    /** {@code GET /payments/{paymentId}}. */
    void get(RoutingContext ctx) {
        Caller caller = caller(ctx);
        UUID paymentId = BankIds.paymentId(ctx.pathParam("paymentId"))
                .orElseThrow(() -> ProblemException.invalidRequest("paymentId must be a UUID in lower case."));
        Payment payment = data.payment(paymentId)
                .filter(caller::mayRead)
                .orElseThrow(() -> ProblemException.notFound("No such payment."));
        BankResponses.json(ctx, 200, BankJson.payment(payment));
    }

    private Caller caller(RoutingContext ctx) {
        return Caller.identify(ctx.request().headers().getAll(BankApi.SUBJECT_HEADER), data);
    }

    private static ProblemException refusal(PaymentRefusal reason) {
        return switch (reason) {
            // Unknown and someone else's are one answer, so the body cannot be used to probe for accounts.
            case UNKNOWN_DEBTOR_ACCOUNT -> ProblemException.invalidRequest(
                    "debtorAccount.accountId does not name one of your accounts.");
            case NOT_A_TRANSFER_ACCOUNT -> ProblemException.invalidRequest(
                    "The debtor account is a card account and cannot send credit transfers.");
            case CURRENCY_MISMATCH -> ProblemException.invalidRequest(
                    "instructedAmount.currency must be the debtor account's currency.");
            case SAME_ACCOUNT -> ProblemException.invalidRequest(
                    "creditorAccount.iban must not be the debtor account's own IBAN.");
            case INSUFFICIENT_FUNDS -> ProblemException.insufficientFunds();
        };
    }
}
