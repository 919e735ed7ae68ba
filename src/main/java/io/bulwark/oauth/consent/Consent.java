package io.bulwark.oauth.consent;

import io.bulwark.oauth.rar.AccountInformation;
import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.rar.PaymentInitiation;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the consent page's view of a request, and turns the user's answer into what is granted:
 * requested scopes, payments as shown, and for account access only the accounts the user ticked
 * among their own that were offered (RFC 9396 §7: the AS may grant less than requested).
 */
public final class Consent {

    private static final Map<String, String> ACTION_WORDS = Map.of(
            // Account actions complete "may see ...": the page lists them after that verb.
            "list_accounts", "which account it is (name and number)",
            "read_balances", "its balances",
            "read_transactions", "its transactions",
            "initiate", "send this payment once",
            "status", "check the payment's status",
            "cancel", "cancel the payment before it is carried out");

    private final AccountDirectory accounts;

    public Consent(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    /** What the consent page shows {@code userName} (subject {@code subject}) for this request. */
    public ConsentView view(String clientName, String subject, String userName, Set<String> scopes,
                            List<AuthorizationDetail> details) {
        List<AccountSummary> owned = accounts.accountsOf(subject);
        List<ConsentView.ScopeLine> scopeLines = scopes.stream().sorted()
                .map(scope -> new ConsentView.ScopeLine(scope, ScopeDescriptions.meaning(scope))).toList();
        List<ConsentView.AccountAccess> access = new ArrayList<>();
        List<ConsentView.PaymentLine> payments = new ArrayList<>();
        for (int i = 0; i < details.size(); i++) {
            switch (details.get(i)) {
                case AccountInformation info -> {
                    List<AccountSummary> offered = offered(info, owned);
                    int notYours = info.accounts().isEmpty() ? 0 : info.accounts().size() - offered.size();
                    access.add(new ConsentView.AccountAccess(i, words(info.actions()),
                            offered.stream().map(a -> new ConsentView.OfferedAccount(a, true)).toList(), notYours));
                }
                case PaymentInitiation payment -> payments.add(new ConsentView.PaymentLine(amount(payment),
                        payment.creditorName(), MaskedNumbers.grouped(payment.creditorIban()), payment.remittance(),
                        debtor(payment, owned), words(payment.actions())));
            }
        }
        return new ConsentView(clientName, userName, scopeLines, access, payments);
    }

    /**
     * What the user grants by approving: every payment as shown, and each account access narrowed
     * to {@code ticked} (account ids per detail index) within what was offered; an access left
     * with no account is dropped.
     */
    public List<AuthorizationDetail> granted(String subject, List<AuthorizationDetail> requested, Map<Integer, Set<String>> ticked) {
        List<AccountSummary> owned = accounts.accountsOf(subject);
        List<AuthorizationDetail> granted = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            switch (requested.get(i)) {
                case AccountInformation info -> {
                    Set<String> chosen = ticked.getOrDefault(i, Set.of());
                    // Only accounts that were on offer count: a forged form cannot add someone else's account.
                    List<String> ids = offered(info, owned).stream().map(AccountSummary::accountId)
                            .filter(chosen::contains).toList();
                    if (!ids.isEmpty()) {
                        granted.add(info.withAccounts(ids));
                    }
                }
                case PaymentInitiation payment -> granted.add(payment);
            }
        }
        return List.copyOf(granted);
    }

    /** The user's accounts this detail may cover: all of them when the client named none, else those named. */
    private static List<AccountSummary> offered(AccountInformation info, List<AccountSummary> owned) {
        if (info.accounts().isEmpty()) {
            return owned;
        }
        return owned.stream().filter(a -> info.accounts().contains(a.accountId())).toList();
    }

    /** The account a payment names to pay from, as the user knows it; one not theirs is said to be so, never named. */
    private static String debtor(PaymentInitiation payment, List<AccountSummary> owned) {
        if (payment.debtorAccount() == null) {
            return null;
        }
        return owned.stream().filter(a -> a.accountId().equals(payment.debtorAccount())).findFirst()
                .map(a -> a.name() + " " + a.maskedNumber())
                .orElse("an account that is not yours (the bank will refuse the payment)");
    }

    private static List<String> words(List<String> actions) {
        return actions.stream().map(a -> ACTION_WORDS.getOrDefault(a, a)).toList();
    }

    private static String amount(PaymentInitiation payment) {
        int digits = Currency.getInstance(payment.currency()).getDefaultFractionDigits();
        return payment.amount().setScale(digits, RoundingMode.UNNECESSARY).toPlainString() + " " + payment.currency();
    }
}
