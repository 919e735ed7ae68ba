package io.bulwark.demo.traffic;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

/**
 * A user's browser on the authorization server's sign-in pages: a cookie jar, redirects followed by hand (each must be a
 * 303), forms posted with the page's CSRF token, from one loopback address.
 */
final class SignInBrowser implements AutoCloseable {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECKBOX = Pattern.compile("<input type=\"checkbox\"[^>]*? name=\"([^\"]+)\" value=\"([^\"]+)\"");

    private final HttpClient http;

    SignInBrowser(SSLContext ssl, String loopbackAddress) {
        try {
            this.http = HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .localAddress(InetAddress.getByName(loopbackAddress)).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("not an address: " + loopbackAddress, e);
        }
    }

    /** GET of a public URL (or a location already on 127.0.0.1). */
    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(onLoopback(uri)).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form post; pairs may repeat a name (checkboxes). */
    HttpResponse<String> post(URI uri, List<Map.Entry<String, String>> form) throws IOException, InterruptedException {
        String body = form.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(onLoopback(uri)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Where a 303 points, resolved against the request; anything else is a failure naming the status. */
    static URI seeOther(HttpResponse<String> response) {
        if (response.statusCode() != 303) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " instead of 303");
        }
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("a 303 without Location from " + response.uri().getPath())));
    }

    /** The page's CSRF token. */
    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException(page.uri().getPath() + " (" + page.statusCode() + ") has no CSRF field");
        }
        return m.group(1);
    }

    /** Every checkbox whose name starts with {@code prefix}, as if ticked. */
    static List<Map.Entry<String, String>> checkboxes(HttpResponse<String> page, String prefix) {
        List<Map.Entry<String, String>> boxes = new ArrayList<>();
        Matcher m = CHECKBOX.matcher(page.body());
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                boxes.add(Map.entry(m.group(1), m.group(2)));
            }
        }
        return boxes;
    }

    private static URI onLoopback(URI uri) {
        return "127.0.0.1".equals(uri.getHost()) ? uri : LiveEndpoints.connect(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
