package io.bulwark.oauth.pages;

/**
 * The sign-in of the account pages, where users see and revoke what they have allowed apps: username and
 * password, then the TOTP code of a user who has a second factor ({@code /account/login}, {@code /account/verify}).
 */
public final class AccountSignInPage {

    private AccountSignInPage() {
    }

    /**
     * @param csrfToken the session's CSRF token
     * @param username  the username to fill in again after a failure, or null
     * @param error     what went wrong on the last try, or null
     * @param notice    a confirmation to show (signed out), or null
     */
    public static String password(String csrfToken, String username, String error, String notice) {
        String body = """
                <h1>Sign in to see your connected apps</h1>
                <p class="lead">See which apps you have allowed to use your bank account, and take that access back.</p>
                %1$s%2$s
                <form method="post" action="/account/login">
                %3$s
                %4$s
                <button type="submit">Sign in</button>
                </form>
                """.formatted(Layout.status(notice), Layout.alert("login-error", error), Layout.csrfField(csrfToken),
                Layout.credentialFields(username, error == null ? null : "login-error"));
        return Layout.page(error == null ? "Sign in" : "Error: sign in", body);
    }

    /** The TOTP step, for {@code userName}, who gave the right password. */
    public static String secondFactor(String userName, String csrfToken, String error) {
        String body = """
                <h1>Confirm it is you</h1>
                <p class="lead">Signed in as <strong>%1$s</strong>. Enter the code from your authenticator app to see your connected apps.</p>
                %2$s
                <form method="post" action="/account/verify">
                %3$s
                %4$s
                <button type="submit">Confirm</button>
                </form>
                """.formatted(Html.escape(userName), Layout.alert("code-error", error), Layout.csrfField(csrfToken),
                Layout.codeField(error == null ? null : "code-error"));
        return Layout.page(error == null ? "Confirm it is you" : "Error: confirm it is you", body);
    }
}
