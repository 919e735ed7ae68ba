package io.bulwark.demo.bank;

/** Whether a transaction is final or still awaiting booking. */
public enum BookingStatus {
    BOOKED("booked"),
    PENDING("pending");

    private final String wireName;

    BookingStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API. */
    public String wireName() {
        return wireName;
    }
}
