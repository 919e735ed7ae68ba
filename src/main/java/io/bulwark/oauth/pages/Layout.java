package io.bulwark.oauth.pages;

/** The frame every page shares: language, title, the first-party stylesheet, a main landmark. */
final class Layout {

    /** Where the stylesheet is served; the only asset the pages load. */
    static final String STYLESHEET_PATH = "/assets/bulwark.css";

    private Layout() {
    }

    /** A full document whose {@code <main>} holds {@code body} (already escaped HTML). */
    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Bulwark</title>
                <link rel="stylesheet" href="%s">
                </head>
                <body>
                <header class="brand"><p>Bulwark <span>secure sign-in</span></p></header>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(Html.escape(title), STYLESHEET_PATH, body);
    }

    /** The hidden CSRF field every form carries. */
    static String csrfField(String csrfToken) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrfToken) + "\">";
    }

    /** An error announced to screen readers as soon as the page loads, or nothing. */
    static String alert(String id, String message) {
        if (message == null) {
            return "";
        }
        return "<div class=\"alert\" role=\"alert\" id=\"" + id + "\"><p>" + Html.escape(message) + "</p></div>";
    }

    /**
     * The username and password fields of a sign-in form; after a failure ({@code errorId} not null) both are
     * marked invalid and described by the error, so a screen reader says why.
     */
    static String credentialFields(String username, String errorId) {
        String state = errorId == null ? "" : " aria-describedby=\"" + errorId + "\" aria-invalid=\"true\"";
        return """
                <div class="field">
                <label for="username">Username</label>
                <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="%1$s"%2$s>
                </div>
                <div class="field">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required%2$s>
                </div>""".formatted(Html.escape(username), state);
    }

    /** The TOTP code field, described by its hint and, after a failure ({@code errorId} not null), by the error. */
    static String codeField(String errorId) {
        String state = errorId == null ? " aria-describedby=\"code-hint\""
                : " aria-describedby=\"" + errorId + " code-hint\" aria-invalid=\"true\"";
        return """
                <div class="field">
                <label for="code">Code from your authenticator app</label>
                <p class="hint" id="code-hint">Six digits. A new code appears every 30 seconds.</p>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required%s>
                </div>""".formatted(state);
    }

    /** A confirmation announced politely to screen readers (a status, not an alert), or nothing. */
    static String status(String message) {
        if (message == null) {
            return "";
        }
        return "<div class=\"notice\" role=\"status\"><p>" + Html.escape(message) + "</p></div>";
    }

    /** The form that abandons the sign-in and returns to the client with access_denied. */
    static String cancelForm(String csrfToken, String clientName) {
        return "<form method=\"post\" action=\"/authorize/cancel\" class=\"cancel\">" + csrfField(csrfToken)
                + "<button type=\"submit\" class=\"secondary\">Cancel and return to " + Html.escape(clientName)
                + "</button></form>";
    }
}
