package io.bulwark.demo.bank;

/** Which balance: what has been booked, or what the customer can still spend. */
public enum BalanceType {
    /** Opening balance plus every booked transaction. */
    BOOKED("booked"),
    /** Booked balance plus pending transactions, less payments in process, plus any credit limit. */
    AVAILABLE("available");

    private final String wireName;

    BalanceType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API. */
    public String wireName() {
        return wireName;
    }
}
