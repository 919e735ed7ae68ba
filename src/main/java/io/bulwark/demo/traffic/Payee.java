package io.bulwark.demo.traffic;

import java.util.Objects;

/**
 * Someone a user pays: a name as a bank shows it, a valid IBAN, and the kind of payment, which sets the amounts.
 *
 * @param reference the remittance text the user usually writes, or null for none
 */
public record Payee(String name, String iban, Category category, String reference) {

    public Payee {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(iban, "iban");
        Objects.requireNonNull(category, "category");
    }

    /** Kinds of payee, each with its typical amounts in cents (a log-uniform range). */
    public enum Category {
        RENT(55_000, 160_000), UTILITY(2_500, 18_000), SHOP(800, 30_000), FRIEND(1_000, 20_000), SUBSCRIPTION(499, 2_999);

        final long minCents;
        final long maxCents;

        Category(long minCents, long maxCents) {
            this.minCents = minCents;
            this.maxCents = maxCents;
        }
    }
}
