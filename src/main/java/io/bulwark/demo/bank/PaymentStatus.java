package io.bulwark.demo.bank;

/** ISO 20022 payment status, by its long name as the Berlin Group NextGenPSD2 API writes it. */
public enum PaymentStatus {
    /** ACSP: all checks passed and settlement is under way. */
    ACCEPTED_SETTLEMENT_IN_PROCESS("AcceptedSettlementInProcess");

    private final String wireName;

    PaymentStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API. */
    public String wireName() {
        return wireName;
    }
}
