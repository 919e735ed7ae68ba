package io.bulwark.oauth.pages;

import io.bulwark.oauth.consent.ConsentView;

import java.util.List;

/**
 * The consent page: the client by name, each scope in plain words, every account (by name and
 * masked number, each one untickable) and every payment (amount and payee) it asks for.
 */
public final class ConsentPage {

    /** The form field holding the ticked accounts of detail {@code i} is {@code account-i}. */
    public static final String ACCOUNT_FIELD_PREFIX = "account-";

    private ConsentPage() {
    }

    public static String render(ConsentView view, String csrfToken) {
        String client = Html.escape(view.clientName());
        StringBuilder body = new StringBuilder();
        body.append("<h1>Allow ").append(client).append(" to access your bank?</h1>\n");
        body.append("<p class=\"lead\">Signed in as <strong>").append(Html.escape(view.userName()))
                .append("</strong>. Check what <strong>").append(client)
                .append("</strong> asks for. Nothing is shared unless you choose Allow.</p>\n");
        body.append("<form method=\"post\" action=\"/authorize/consent\">\n").append(Layout.csrfField(csrfToken)).append('\n');
        scopes(body, view, client);
        for (ConsentView.AccountAccess access : view.accountAccess()) {
            accounts(body, access, client);
        }
        for (int j = 0; j < view.payments().size(); j++) {
            payment(body, view.payments().get(j), j, client);
        }
        body.append("<div class=\"actions\">\n")
                .append("<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\n")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>\n")
                .append("</div>\n</form>\n");
        return Layout.page("Allow " + view.clientName() + "?", body.toString());
    }

    private static void scopes(StringBuilder body, ConsentView view, String client) {
        if (view.scopes().isEmpty()) {
            return;
        }
        body.append("<section aria-labelledby=\"scopes-heading\">\n<h2 id=\"scopes-heading\">").append(client)
                .append(" will be able to</h2>\n<ul class=\"scopes\">\n");
        for (ConsentView.ScopeLine line : view.scopes()) {
            body.append("<li>").append(Html.escape(line.meaning())).append(" <span class=\"scope\">(")
                    .append(Html.escape(line.scope())).append(")</span></li>\n");
        }
        body.append("</ul>\n</section>\n");
    }

    private static void accounts(StringBuilder body, ConsentView.AccountAccess access, String client) {
        int i = access.detailIndex();
        body.append("<fieldset>\n<legend>Accounts to share</legend>\n");
        body.append("<p class=\"hint\" id=\"accounts-hint-").append(i).append("\">For each account you tick, ").append(client)
                .append(" may see ").append(Html.escape(sentence(access.actions())))
                .append(". Untick any account you do not want to share.</p>\n");
        if (access.accounts().isEmpty()) {
            body.append("<p>None of your accounts matches this request, so no account will be shared.</p>\n");
        }
        int n = 0;
        for (ConsentView.OfferedAccount offered : access.accounts()) {
            String id = "account-" + i + "-" + n++;
            body.append("<div class=\"check\"><input type=\"checkbox\" id=\"").append(id).append("\" name=\"")
                    .append(ACCOUNT_FIELD_PREFIX).append(i).append("\" value=\"").append(Html.escape(offered.account().accountId()))
                    .append("\" aria-describedby=\"accounts-hint-").append(i).append('"')
                    .append(offered.ticked() ? " checked" : "").append("><label for=\"").append(id).append("\">")
                    .append(Html.escape(offered.account().name())).append(" <span class=\"number\">")
                    .append(Html.escape(offered.account().maskedNumber())).append("</span></label></div>\n");
        }
        if (access.notYours() > 0) {
            body.append("<p class=\"hint\">It also asked for ").append(access.notYours())
                    .append(access.notYours() == 1 ? " account that is" : " accounts that are")
                    .append(" not yours; those are never shared.</p>\n");
        }
        body.append("</fieldset>\n");
    }

    private static void payment(StringBuilder body, ConsentView.PaymentLine payment, int j, String client) {
        body.append("<section aria-labelledby=\"payment-heading-").append(j).append("\" class=\"payment\">\n")
                .append("<h2 id=\"payment-heading-").append(j).append("\">Payment to approve</h2>\n<dl>\n")
                .append("<dt>Amount</dt><dd class=\"amount\">").append(Html.escape(payment.amount())).append("</dd>\n")
                .append("<dt>To</dt><dd>").append(Html.escape(payment.creditorName())).append("</dd>\n")
                .append("<dt>Payee's account</dt><dd class=\"number\">").append(Html.escape(payment.creditorIban())).append("</dd>\n");
        if (payment.remittance() != null) {
            body.append("<dt>Reference</dt><dd>").append(Html.escape(payment.remittance())).append("</dd>\n");
        }
        if (payment.debtorAccount() != null) {
            body.append("<dt>From</dt><dd>").append(Html.escape(payment.debtorAccount())).append("</dd>\n");
        }
        body.append("</dl>\n<p class=\"hint\">").append(client).append(" may ").append(Html.escape(sentence(payment.actions())))
                .append(". Check the amount and the payee before you allow it.</p>\n</section>\n");
    }

    /** "a", "a and b", "a, b and c". */
    static String sentence(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.getFirst();
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }
}
