package io.bulwark.demo.bank;

/** Why the bank turned down a well-formed payment order. */
public enum PaymentRefusal {
    /** The debtor account does not exist or is not the initiator's (the two are not told apart). */
    UNKNOWN_DEBTOR_ACCOUNT,
    /** The debtor account has no IBAN (a card account) and cannot send credit transfers. */
    NOT_A_TRANSFER_ACCOUNT,
    /** The instructed currency is not the debtor account's; the demo bank does no currency exchange. */
    CURRENCY_MISMATCH,
    /** The creditor IBAN is the debtor account's own. */
    SAME_ACCOUNT,
    /** The available balance does not cover the amount. */
    INSUFFICIENT_FUNDS
}
