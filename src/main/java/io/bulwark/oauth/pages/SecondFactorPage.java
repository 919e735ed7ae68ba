package io.bulwark.oauth.pages;

/** The TOTP page: strong customer authentication before a payment can be approved. */
public final class SecondFactorPage {

    private SecondFactorPage() {
    }

    public static String render(String clientName, String userName, String csrfToken, String error) {
        String describedBy = error == null ? " aria-describedby=\"code-hint\"" : " aria-describedby=\"code-error code-hint\"";
        String invalid = error == null ? "" : " aria-invalid=\"true\"";
        String body = """
                <h1>Confirm it is you</h1>
                <p class="lead">Signed in as <strong>%1$s</strong>. <strong>%2$s</strong> is asking to make a payment, so the bank needs a second check before you can approve it.</p>
                %3$s
                <form method="post" action="/authorize/verify">
                %4$s
                <div class="field">
                <label for="code">Code from your authenticator app</label>
                <p class="hint" id="code-hint">Six digits. A new code appears every 30 seconds.</p>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required%5$s%6$s>
                </div>
                <button type="submit">Confirm</button>
                </form>
                %7$s
                """.formatted(Html.escape(userName), Html.escape(clientName), Layout.alert("code-error", error),
                Layout.csrfField(csrfToken), describedBy, invalid, Layout.cancelForm(csrfToken, clientName));
        return Layout.page(error == null ? "Confirm it is you" : "Error: confirm it is you", body);
    }
}
