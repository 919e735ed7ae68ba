package io.bulwark.demo.bank;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * An account owned by one customer. Current and savings accounts carry an IBAN and BIC; card accounts
 * carry a PAN, its expiry and a credit limit. The fields that do not apply to the type are null.
 */
public record Account(String accountId, String ownerSubject, AccountType type, String name, String currency,
                      LocalDate openedOn, String iban, String bic, String pan, YearMonth cardExpiry,
                      Money creditLimit) {

    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerSubject, "ownerSubject");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(openedOn, "openedOn");
        boolean cardFields = pan != null && cardExpiry != null && creditLimit != null;
        boolean noCardFields = pan == null && cardExpiry == null && creditLimit == null;
        boolean transferFields = iban != null && bic != null;
        boolean noTransferFields = iban == null && bic == null;
        if (type == AccountType.CARD ? !(cardFields && noTransferFields) : !(transferFields && noCardFields)) {
            throw new IllegalArgumentException(
                    "account " + accountId + ": a card account has PAN, expiry and limit and no IBAN or BIC; others the reverse");
        }
        if (iban != null && !Iban.isValid(iban)) {
            throw new IllegalArgumentException("account " + accountId + ": IBAN check digits are wrong");
        }
        if (pan != null && !CardNumber.isValid(pan)) {
            throw new IllegalArgumentException("account " + accountId + ": PAN fails the Luhn check");
        }
    }

    /** Whether money can be sent from this account by credit transfer (it has an IBAN). */
    public boolean canSendCreditTransfers() {
        return iban != null;
    }
}
