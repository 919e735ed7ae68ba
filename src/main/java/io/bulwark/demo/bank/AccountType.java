package io.bulwark.demo.bank;

/** Kind of account: current and savings accounts have an IBAN, card accounts a card number instead. */
public enum AccountType {
    CURRENT("current"),
    SAVINGS("savings"),
    CARD("card");

    private final String wireName;

    AccountType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API. */
    public String wireName() {
        return wireName;
    }
}
