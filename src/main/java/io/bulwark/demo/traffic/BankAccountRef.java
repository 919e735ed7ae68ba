package io.bulwark.demo.traffic;

import java.util.Objects;

/**
 * One of a user's accounts as the traffic addresses it.
 *
 * @param canPay whether payments may be made from it (current and savings accounts; not cards)
 */
public record BankAccountRef(String accountId, String currency, boolean canPay, int transactionPages) {

    public BankAccountRef {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(currency, "currency");
        if (transactionPages < 1) {
            throw new IllegalArgumentException("an account has at least one page of transactions, not " + transactionPages);
        }
    }
}
