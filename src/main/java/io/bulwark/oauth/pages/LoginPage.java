package io.bulwark.oauth.pages;

/** The sign-in page: username and password, with the client named so the user knows who is asking. */
public final class LoginPage {

    private LoginPage() {
    }

    /**
     * @param clientName the client's registered name
     * @param csrfToken  the sign-in's CSRF token
     * @param username   the username to fill in again after a failure, or null
     * @param error      what went wrong on the last try, or null
     */
    public static String render(String clientName, String csrfToken, String username, String error) {
        String describedBy = error == null ? "" : " aria-describedby=\"login-error\"";
        String invalid = error == null ? "" : " aria-invalid=\"true\"";
        String body = """
                <h1>Sign in to your bank</h1>
                <p class="lead"><strong>%1$s</strong> is asking to connect to your bank account. Sign in to see exactly what it asks for before you decide.</p>
                %2$s
                <form method="post" action="/authorize/login">
                %3$s
                <div class="field">
                <label for="username">Username</label>
                <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="%4$s"%5$s%6$s>
                </div>
                <div class="field">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required%5$s%6$s>
                </div>
                <button type="submit">Sign in</button>
                </form>
                %7$s
                """.formatted(Html.escape(clientName), Layout.alert("login-error", error), Layout.csrfField(csrfToken),
                Html.escape(username), describedBy, invalid, Layout.cancelForm(csrfToken, clientName));
        return Layout.page(error == null ? "Sign in" : "Error: sign in", body);
    }
}
