package io.bulwark.oauth.http;

import io.bulwark.http.Problem;
import io.bulwark.oauth.authorize.InteractionError;
import io.bulwark.oauth.pages.ErrorPage;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/** How the server-rendered pages answer: HTML under a strict CSP, 303 redirects, their {@code __Host-} session cookies, 405s. */
final class PageResponses {

    private PageResponses() {
    }

    /**
     * FAPI 2.0 SP §5.3.2.2 and RFC 9700 §4.12: redirects use 303 See Other, never 307, so that a
     * browser never re-posts the credentials it just sent to the next location.
     */
    static void seeOther(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    /** {@code formAction} is the CSP form-action source list: where this page's forms may post. */
    static void html(RoutingContext ctx, int status, String formAction, String html) {
        HttpServerResponse response = ctx.response();
        // No script runs, nothing loads from elsewhere, nothing frames the page; forms post here, or
        // to the client's redirect URI origin (browsers apply form-action to the 303 that follows a post).
        response.putHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                + "form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'");
        response.putHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    static void errorPage(RoutingContext ctx, InteractionError error) {
        html(ctx, error.status(), "'none'", ErrorPage.render(error.title(), error.message()));
    }

    static String cookie(RoutingContext ctx, String name) {
        Cookie cookie = ctx.request().getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * A session cookie named {@code __Host-…} (RFC 6265bis §4.1.3.2): browsers accept it only when Secure, with
     * Path=/ and no Domain, so no other host (not even a subdomain) can plant one; SameSite=Strict keeps it off
     * cross-site requests, and HttpOnly away from scripts.
     */
    static void setCookie(HttpServerResponse response, String name, String value, Duration maxAge) {
        response.addCookie(Cookie.cookie(name, value).setPath("/").setSecure(true).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge.toSeconds()));
    }

    static void clearCookie(HttpServerResponse response, String name) {
        setCookie(response, name, "", Duration.ZERO);
    }

    static void methodNotAllowed(RoutingContext ctx, String allow) {
        ResponseWriter.problem(ctx.response(), Problem.of("method-not-allowed", "Method Not Allowed", 405,
                "this endpoint accepts " + allow).withHeader("Allow", allow));
    }

    static String remoteAddress(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
