package io.bulwark.oauth.pages;

/** A page that tells the user why the sign-in stopped and what to do; it links nowhere (no open redirect). */
public final class ErrorPage {

    private ErrorPage() {
    }

    public static String render(String title, String message) {
        String body = "<h1>" + Html.escape(title) + "</h1>\n<div class=\"alert\" role=\"alert\"><p>"
                + Html.escape(message) + "</p></div>";
        return Layout.page(title, body);
    }
}
