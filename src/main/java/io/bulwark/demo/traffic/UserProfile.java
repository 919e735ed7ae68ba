package io.bulwark.demo.traffic;

import java.util.List;
import java.util.Objects;

/**
 * A bank customer in the traffic: their accounts, the people and firms they pay, the partner apps they use and when in
 * the day they use them.
 *
 * @param subject  the {@code sub} of their tokens
 * @param clientIds the partner clients acting for them (each with a standing consent)
 * @param activity how much more (or less) than the typical user they use their apps, 1 for typical
 */
public record UserProfile(String subject, List<BankAccountRef> accounts, List<Payee> payees, List<String> clientIds,
                          DailyCycle cycle, double activity) {

    public UserProfile {
        Objects.requireNonNull(subject, "subject");
        accounts = List.copyOf(accounts);
        payees = List.copyOf(payees);
        clientIds = List.copyOf(clientIds);
        Objects.requireNonNull(cycle, "cycle");
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("user " + subject + " has no account");
        }
        if (!(activity > 0)) {
            throw new IllegalArgumentException("user " + subject + ": activity must be positive, not " + activity);
        }
    }

    /** The account payments are made from: the first that can pay. */
    public BankAccountRef payingAccount() {
        return accounts.stream().filter(BankAccountRef::canPay).findFirst().orElse(accounts.getFirst());
    }
}
