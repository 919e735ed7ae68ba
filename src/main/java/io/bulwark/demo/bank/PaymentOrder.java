package io.bulwark.demo.bank;

import java.util.Objects;

/** A customer's instruction to send money, already checked field by field ({@link PaymentRequestParser}). */
public record PaymentOrder(String debtorAccountId, Money instructedAmount, String creditorIban, String creditorName,
                           String remittanceInformation) {

    public PaymentOrder {
        Objects.requireNonNull(debtorAccountId, "debtorAccountId");
        Objects.requireNonNull(instructedAmount, "instructedAmount");
        Objects.requireNonNull(creditorName, "creditorName");
        if (instructedAmount.amount().signum() <= 0) {
            throw new IllegalArgumentException("instructed amount must be positive");
        }
        if (!Iban.isValid(creditorIban)) {
            throw new IllegalArgumentException("creditor IBAN is not valid");
        }
    }
}
