package io.bulwark.demo.bank;

/** What became of a payment order: accepted as a payment, or refused for one reason. */
public sealed interface PaymentOutcome {

    /** The order was accepted and stored. */
    record Accepted(Payment payment) implements PaymentOutcome {
    }

    /** The order was refused and nothing was stored. */
    record Refused(PaymentRefusal reason) implements PaymentOutcome {
    }
}
