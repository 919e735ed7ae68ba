package io.bulwark.oauth.consent;

import java.util.List;

/**
 * Everything the consent page shows, already in words.
 *
 * @param clientName    the client's registered name
 * @param userName      who is signed in
 * @param scopes        each requested scope with its meaning
 * @param accountAccess one entry per {@code account_information} detail
 * @param payments      one entry per {@code payment_initiation} detail
 */
public record ConsentView(String clientName, String userName, List<ScopeLine> scopes, List<AccountAccess> accountAccess,
                          List<PaymentLine> payments) {

    public ConsentView {
        scopes = List.copyOf(scopes);
        accountAccess = List.copyOf(accountAccess);
        payments = List.copyOf(payments);
    }

    /** A scope and what it allows. */
    public record ScopeLine(String scope, String meaning) {
    }

    /**
     * Access to accounts asked by one detail.
     *
     * @param detailIndex  the detail's position in the request, which the form sends back
     * @param actions      what the client may see of each account, in words ("its balances")
     * @param accounts     the user's accounts on offer, each ticked or not
     * @param notYours     how many requested account ids are not the user's (never shared)
     */
    public record AccountAccess(int detailIndex, List<String> actions, List<OfferedAccount> accounts, int notYours) {
        public AccountAccess {
            actions = List.copyOf(actions);
            accounts = List.copyOf(accounts);
        }
    }

    /** An account the user may tick. */
    public record OfferedAccount(AccountSummary account, boolean ticked) {
    }

    /**
     * A payment to approve, as the user must see it before approving (amount and payee).
     *
     * @param amount        amount and currency, e.g. "123.50 EUR"
     * @param creditorName  the payee's name
     * @param creditorIban  the payee's IBAN in groups of four
     * @param remittance    the reference the payee sees, or null
     * @param debtorAccount the account it is paid from, in words (name and masked number), or null when not named
     * @param actions       what the client may do with the payment, in words
     */
    public record PaymentLine(String amount, String creditorName, String creditorIban, String remittance, String debtorAccount,
                              List<String> actions) {
        public PaymentLine {
            actions = List.copyOf(actions);
        }
    }
}
