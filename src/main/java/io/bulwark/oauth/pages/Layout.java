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

    /** The form that abandons the sign-in and returns to the client with access_denied. */
    static String cancelForm(String csrfToken, String clientName) {
        return "<form method=\"post\" action=\"/authorize/cancel\" class=\"cancel\">" + csrfField(csrfToken)
                + "<button type=\"submit\" class=\"secondary\">Cancel and return to " + Html.escape(clientName)
                + "</button></form>";
    }
}
