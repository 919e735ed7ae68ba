package io.bulwark.demo.bank;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A payment accepted by the bank; {@code initiator} is the customer who ordered it from their own account. */
public record Payment(UUID paymentId, String initiator, PaymentOrder order, String debtorIban, PaymentStatus status,
                      Instant createdAt) {

    public Payment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(debtorIban, "debtorIban");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
