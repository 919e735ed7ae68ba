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
        String body = """
                <h1>Sign in to your bank</h1>
                <p class="lead"><strong>%1$s</strong> is asking to connect to your bank account. Sign in to see exactly what it asks for before you decide.</p>
                %2$s
                <form method="post" action="/authorize/login">
                %3$s
                %4$s
                <button type="submit">Sign in</button>
                </form>
                %5$s
                """.formatted(Html.escape(clientName), Layout.alert("login-error", error), Layout.csrfField(csrfToken),
                Layout.credentialFields(username, error == null ? null : "login-error"), Layout.cancelForm(csrfToken, clientName));
        return Layout.page(error == null ? "Sign in" : "Error: sign in", body);
    }
}
