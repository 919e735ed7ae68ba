package io.bulwark.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * redirect other than 303 was ever used. Closing it closes its connections.
 */
public final class TestBrowser implements AutoCloseable {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECKBOX = Pattern.compile("<input type=\"checkbox\"[^>]*? name=\"([^\"]+)\" value=\"([^\"]+)\"");

    private final String origin;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final List<HttpResponse<String>> history = new ArrayList<>();

    public TestBrowser(String origin, SSLContext ssl) {
        this.origin = origin;
        this.http = HttpClient.newBuilder().sslContext(ssl).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET().build());
    }

    /** Posts a form; pairs may repeat a name (checkboxes). */
    public HttpResponse<String> post(String pathOrUrl, List<Map.Entry<String, String>> form) {
        String body = form.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The page's CSRF token. */
    public static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a csrf field in %s", page.body()).isTrue();
        return m.group(1);
    }

    /** Asserts a 303 and returns where it points. */
    public static URI seeOther(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of %s: %s", response.uri(), response.body()).isEqualTo(303);
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    /** The checkboxes of {@code page} whose name starts with {@code namePrefix}, as (name, value) pairs, as if all were ticked. */
    public static List<Map.Entry<String, String>> checkboxes(HttpResponse<String> page, String namePrefix) {
        List<Map.Entry<String, String>> boxes = new ArrayList<>();
        Matcher m = CHECKBOX.matcher(page.body());
        while (m.find()) {
            if (m.group(1).startsWith(namePrefix)) {
                boxes.add(Map.entry(m.group(1), m.group(2)));
            }
        }
        return boxes;
    }

    /** The decoded query parameters of {@code location} (a redirect to a client, say). */
    public static Map<String, String> query(URI location) {
        return Arrays.stream(location.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> decode(p[0]), p -> p.length > 1 ? decode(p[1]) : ""));
    }

    /** The value of cookie {@code name}, if the jar holds one that is not empty. */
    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().get(URI.create(origin)).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst();
    }

    /** Forgets every cookie (a browser that never saw the sign-in). */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    /** Every response so far, in order. */
    public List<HttpResponse<String>> history() {
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

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
