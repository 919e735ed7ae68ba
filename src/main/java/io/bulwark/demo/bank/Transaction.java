package io.bulwark.demo.bank;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One movement on an account. A negative amount is a debit, whose counterparty is {@code creditorName};
 * a positive amount is a credit, whose counterparty is {@code debtorName}. The other name is null.
 */
public record Transaction(String transactionId, String accountId, BookingStatus status, LocalDate bookingDate,
                          LocalDate valueDate, Money amount, String creditorName, String debtorName,
                          String description) {

    public Transaction {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(bookingDate, "bookingDate");
        Objects.requireNonNull(valueDate, "valueDate");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
        if ((amount.amount().signum() < 0) != (creditorName != null) || (creditorName == null) == (debtorName == null)) {
            throw new IllegalArgumentException(
                    "transaction " + transactionId + ": a debit names its creditor, a credit its debtor, not both");
        }
    }
}
