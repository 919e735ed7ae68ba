package io.bulwark.oauth.http;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser as far as the sign-in pages need one: the JDK HttpClient with a cookie jar, redirects
 * not followed (so each is checked), and every response kept, so that a test can assert that no
 * redirect other than 303 was ever used.
 */
final class TestBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String origin;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final List<HttpResponse<String>> history = new ArrayList<>();

    TestBrowser(String origin, SSLContext ssl) {
        this.origin = origin;
        this.http = HttpClient.newBuilder().sslContext(ssl).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET().build());
    }

    /** Posts a form; pairs may repeat a name (checkboxes). */
    HttpResponse<String> post(String pathOrUrl, List<Map.Entry<String, String>> form) {
        String body = form.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The page's CSRF token. */
    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a csrf field in %s", page.body()).isTrue();
        return m.group(1);
    }

    /** Asserts a 303 and returns where it points. */
    static URI seeOther(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of %s: %s", response.uri(), response.body()).isEqualTo(303);
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    /** The session cookie's current value, if the jar holds one. */
    Optional<String> sessionCookie() {
        return cookie(AuthorizationEndpointRoutes.SESSION_COOKIE);
    }

    /** The value of cookie {@code name}, if the jar holds one that is not empty. */
    Optional<String> cookie(String name) {
        return cookies.getCookieStore().get(URI.create(origin)).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst();
    }

    /** Forgets every cookie (a browser that never saw the sign-in). */
    void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    /** Every response so far, in order. */
    List<HttpResponse<String>> history() {
        return List.copyOf(history);
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("https://") ? URI.create(pathOrUrl) : URI.create(origin + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            history.add(response);
            return response;
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
