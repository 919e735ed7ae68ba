package io.bulwark.oauth.consent;

import io.bulwark.oauth.pages.ConsentPage;
import io.bulwark.oauth.rar.AccountInformation;
import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.rar.PaymentInitiation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What consent shows and what it grants: never an account that is not the user's, never more than ticked. */
class ConsentTest {

    private static final AccountSummary CURRENT = new AccountSummary("cur-1", "Current Account", MaskedNumbers.iban("DE89370400440532013000"));
    private static final AccountSummary CARD = new AccountSummary("card-1", "Visa <Credit> Card", MaskedNumbers.card("4000001234568256"));
    private static final Consent CONSENT = new Consent(subject -> "alice".equals(subject) ? List.of(CURRENT, CARD) : List.of());
    private static final PaymentInitiation PAYMENT = new PaymentInitiation(List.of("initiate"), new BigDecimal("42.5"), "EUR",
            "DE02100100109307118603", "Stadtwerke & Co", null, null);

    @Test
    void masksAccountNumbers() {
        assertThat(MaskedNumbers.iban("DE89370400440532013000")).isEqualTo("DE89 •••• 3000");
        assertThat(MaskedNumbers.card("4000001234568256")).isEqualTo("•••• 8256");
        assertThat(MaskedNumbers.grouped("DE02100100109307118603")).isEqualTo("DE02 1001 0010 9307 1186 03");
        assertThat(MaskedNumbers.iban("short")).isEqualTo("••••");
    }

    @Test
    void offersOnlyTheUsersOwnAccountsAmongThoseAskedAndCountsTheRest() {
        ConsentView view = CONSENT.view("Budget Buddy", "alice", "Alice", Set.of("accounts:read"),
                List.of(new AccountInformation(List.of("read_balances"), List.of("cur-1", "bobs-account"))));

        ConsentView.AccountAccess access = view.accountAccess().getFirst();
        assertThat(access.accounts()).extracting(o -> o.account().accountId()).containsExactly("cur-1");
        assertThat(access.notYours()).isEqualTo(1);
        assertThat(access.actions()).containsExactly("its balances");
        assertThat(view.scopes()).containsExactly(new ConsentView.ScopeLine("accounts:read", "See your accounts: their names, types and numbers."));
    }

    @Test
    void grantsOnlyTickedAccountsThatWereOfferedAndDropsAnEmptyAccess() {
        List<AuthorizationDetail> requested = List.of(
                new AccountInformation(List.of("list_accounts"), List.of()),
                new AccountInformation(List.of("read_transactions"), List.of("cur-1")),
                PAYMENT);

        List<AuthorizationDetail> granted = CONSENT.granted("alice", requested,
                Map.of(0, Set.of("card-1", "bobs-account"), 1, Set.of()));

        assertThat(granted).containsExactly(new AccountInformation(List.of("list_accounts"), List.of("card-1")), PAYMENT);
    }

    @Test
    void aPaymentsDebtorAccountIsShownAsTheUserKnowsItAndOneNotTheirsIsNeverNamed() {
        PaymentInitiation fromCurrent = new PaymentInitiation(List.of("initiate"), new BigDecimal("42.5"), "EUR",
                "DE02100100109307118603", "Stadtwerke & Co", "Invoice 42", "cur-1");
        PaymentInitiation fromBobs = new PaymentInitiation(List.of("initiate"), new BigDecimal("42.5"), "EUR",
                "DE02100100109307118603", "Stadtwerke & Co", null, "bobs-account");

        List<ConsentView.PaymentLine> lines = CONSENT.view("App", "alice", "Alice", Set.of(), List.of(fromCurrent, fromBobs, PAYMENT)).payments();

        assertThat(lines).extracting(ConsentView.PaymentLine::debtorAccount)
                .containsExactly("Current Account DE89 •••• 3000", "an account that is not yours (the bank will refuse the payment)", null);
        assertThat(lines.getFirst().remittance()).isEqualTo("Invoice 42");
    }

    @Test
    void aUserWithNoMatchingAccountIsGrantedNoAccountAccess() {
        List<AuthorizationDetail> granted = CONSENT.granted("bob", List.of(new AccountInformation(List.of("list_accounts"), List.of())),
                Map.of(0, Set.of("cur-1")));

        assertThat(granted).isEmpty();
    }

    @Test
    void thePageEscapesEverythingAndLabelsEveryCheckbox() {
        ConsentView view = CONSENT.view("<b>Evil</b> App", "alice", "Alice \"A\"", Set.of("payments:write", "custom:x"),
                List.of(new AccountInformation(List.of("list_accounts", "read_balances", "read_transactions"), List.of()), PAYMENT));

        String html = ConsentPage.render(view, "csrf-token-1");

        assertThat(html).doesNotContain("<b>Evil</b>").contains("&lt;b&gt;Evil&lt;/b&gt; App").contains("Alice &quot;A&quot;")
                .contains("Visa &lt;Credit&gt; Card").contains("Stadtwerke &amp; Co").contains("42.50 EUR")
                .contains("may see which account it is (name and number), its balances and its transactions")
                .contains("Use the permission “custom:x”.").contains("Send payment orders from your accounts.")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-1\">")
                .contains("<label for=\"account-0-0\">").contains("<label for=\"account-0-1\">")
                .contains("<legend>Accounts to share</legend>").contains("<h2 id=\"payment-heading-0\">")
                .doesNotContain("<script").doesNotContain("style=");
    }
}
