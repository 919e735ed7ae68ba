package io.bulwark.oauth.pages;

/** The TOTP page: strong customer authentication before a payment can be approved. */
public final class SecondFactorPage {

    private SecondFactorPage() {
    }

    public static String render(String clientName, String userName, String csrfToken, String error) {
        String body = """
                <h1>Confirm it is you</h1>
                <p class="lead">Signed in as <strong>%1$s</strong>. <strong>%2$s</strong> is asking to make a payment, so the bank needs a second check before you can approve it.</p>
                %3$s
                <form method="post" action="/authorize/verify">
                %4$s
                %5$s
                <button type="submit">Confirm</button>
                </form>
                %6$s
                """.formatted(Html.escape(userName), Html.escape(clientName), Layout.alert("code-error", error),
                Layout.csrfField(csrfToken), Layout.codeField(error == null ? null : "code-error"), Layout.cancelForm(csrfToken, clientName));
        return Layout.page(error == null ? "Confirm it is you" : "Error: confirm it is you", body);
    }
}
