package io.bulwark.demo.bank;

import java.util.List;

/** An account product the bank offers: public reference data, the same for every caller, customer or machine. */
record Product(String productId, AccountType type, String name, String currency) {

    /** What the demo bank offers. */
    static final List<Product> CATALOGUE = List.of(
            new Product("everyday-current", AccountType.CURRENT, "Everyday current account", "EUR"),
            new Product("instant-savings", AccountType.SAVINGS, "Instant-access savings", "EUR"),
            new Product("credit-card", AccountType.CARD, "Credit card", "EUR"));
}
