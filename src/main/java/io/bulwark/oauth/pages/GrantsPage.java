package io.bulwark.oauth.pages;

import io.bulwark.oauth.account.GrantLine;
import io.bulwark.oauth.consent.ConsentView;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The signed-in user's connected apps: each grant with the app's name, when it was given, what it allows
 * in the consent page's words, whether it still stands, and a "Revoke access" button for each that does.
 */
public final class GrantsPage {

    /** The form field naming the grant to revoke. */
    public static final String GRANT_FIELD = "grant";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private GrantsPage() {
    }

    /**
     * @param userName  who is signed in
     * @param grants    their grants, newest first
     * @param csrfToken the session's CSRF token
     * @param notice    a confirmation to show (a revocation), or null
     * @param error     a refusal to show, or null
     */
    public static String render(String userName, List<GrantLine> grants, String csrfToken, String notice, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Your connected apps</h1>\n<p class=\"lead\">Signed in as <strong>").append(Html.escape(userName))
                .append("</strong>. These apps can use your bank account as you allowed. Revoke access to stop an app at once.</p>\n")
                .append(Layout.status(notice)).append(Layout.alert("grants-error", error));
        if (grants.isEmpty()) {
            body.append("<p>You have not allowed any app to use your bank account.</p>\n");
        }
        for (int i = 0; i < grants.size(); i++) {
            grant(body, grants.get(i), i, csrfToken);
        }
        body.append("<form method=\"post\" action=\"/account/sign-out\" class=\"cancel\">").append(Layout.csrfField(csrfToken))
                .append("<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n");
        return Layout.page(error == null ? "Your connected apps" : "Error: your connected apps", body.toString());
    }

    private static void grant(StringBuilder body, GrantLine line, int i, String csrfToken) {
        ConsentView view = line.granted();
        String heading = "grant-heading-" + i;
        body.append("<section class=\"grant\" aria-labelledby=\"").append(heading).append("\">\n<h2 id=\"").append(heading)
                .append("\">").append(Html.escape(view.clientName())).append("</h2>\n<p>Allowed on ")
                .append(WHEN.format(line.createdAt())).append(". ");
        if (line.revoked()) {
            body.append("<span class=\"state revoked\">Access revoked on ").append(WHEN.format(line.revokedAt())).append(".</span>");
        } else {
            body.append("<span class=\"state\">Active.</span>");
        }
        body.append("</p>\n<ul class=\"scopes\" aria-label=\"What ").append(Html.escape(view.clientName())).append(" may do\">\n");
        for (ConsentView.ScopeLine scope : view.scopes()) {
            body.append("<li>").append(Html.escape(scope.meaning())).append(" <span class=\"scope\">(")
                    .append(Html.escape(scope.scope())).append(")</span></li>\n");
        }
        for (ConsentView.AccountAccess access : view.accountAccess()) {
            for (ConsentView.OfferedAccount account : access.accounts()) {
                body.append("<li>See, for ").append(Html.escape(account.account().name())).append(" <span class=\"number\">")
                        .append(Html.escape(account.account().maskedNumber())).append("</span>: ")
                        .append(Html.escape(ConsentPage.sentence(access.actions()))).append(".</li>\n");
            }
        }
        for (ConsentView.PaymentLine payment : view.payments()) {
            body.append("<li>A payment of <strong>").append(Html.escape(payment.amount())).append("</strong> to ")
                    .append(Html.escape(payment.creditorName())).append(" <span class=\"number\">")
                    .append(Html.escape(payment.creditorIban())).append("</span>")
                    .append(payment.remittance() == null ? "" : ", reference “" + Html.escape(payment.remittance()) + "”")
                    .append(payment.debtorAccount() == null ? "" : ", from " + Html.escape(payment.debtorAccount()))
                    .append(": ").append(Html.escape(ConsentPage.sentence(payment.actions()))).append(".</li>\n");
        }
        body.append("</ul>\n");
        if (!line.revoked()) {
            body.append("<form method=\"post\" action=\"/account/grants/revoke\">").append(Layout.csrfField(csrfToken))
                    .append("<input type=\"hidden\" name=\"").append(GRANT_FIELD).append("\" value=\"")
                    .append(Html.escape(line.grantId())).append("\"><button type=\"submit\" aria-describedby=\"").append(heading)
                    .append("\">Revoke access</button></form>\n");
        }
        body.append("</section>\n");
    }
}
