package io.bulwark.demo.traffic;

/**
 * What a partner client does with the bank, which sets its operation mix: how often its users open it, what a session
 * reads, how often it pays, and whether it syncs in the background.
 *
 * @param sessionsPerUserDay  how often a user opens the app on a weekday
 * @param paymentShare        the share of sessions that make a payment
 * @param transactionPages    the most pages of transactions a session reads
 * @param syncsPerDay         background refreshes of each user's accounts a day (aggregators), 0 for none
 * @param actsForUsers        false for a machine client that reads the product catalogue only
 */
public enum ClientKind {
    AGGREGATOR(1.2, 0.02, 1, 4, true),
    BUDGETING(1.6, 0.0, 3, 2, true),
    PAYMENTS(1.0, 0.45, 1, 0, true),
    CATALOGUE(0, 0, 0, 0, false);

    final double sessionsPerUserDay;
    final double paymentShare;
    final int transactionPages;
    final int syncsPerDay;
    final boolean actsForUsers;

    ClientKind(double sessionsPerUserDay, double paymentShare, int transactionPages, int syncsPerDay, boolean actsForUsers) {
        this.sessionsPerUserDay = sessionsPerUserDay;
        this.paymentShare = paymentShare;
        this.transactionPages = transactionPages;
        this.syncsPerDay = syncsPerDay;
        this.actsForUsers = actsForUsers;
    }

    public boolean actsForUsers() {
        return actsForUsers;
    }
}
