package io.bulwark.oauth.pages;

/** The TOTP page: strong customer authentication before a payment can be approved, or before any consent while an anomaly response asks for it. */
public final class SecondFactorPage {

    private SecondFactorPage() {
    }

    /** @param forPayment whether a payment is asked for; else the bank asks for the check of its own accord (a step-up) */
    public static String render(String clientName, String userName, String csrfToken, String error, boolean forPayment) {
        String why = forPayment ? "is asking to make a payment, so the bank needs a second check before you can approve it."
                : "is asking for access to your accounts. For your security, the bank needs a second check before you can approve it.";
        String body = """
                <h1>Confirm it is you</h1>
                <p class="lead">Signed in as <strong>%1$s</strong>. <strong>%2$s</strong> %7$s</p>
                %3$s
                <form method="post" action="/authorize/verify">
                %4$s
                %5$s
                <button type="submit">Confirm</button>
                </form>
                %6$s
                """.formatted(Html.escape(userName), Html.escape(clientName), Layout.alert("code-error", error),
                Layout.csrfField(csrfToken), Layout.codeField(error == null ? null : "code-error"), Layout.cancelForm(csrfToken, clientName), why);
        return Layout.page(error == null ? "Confirm it is you" : "Error: confirm it is you", body);
    }
}
