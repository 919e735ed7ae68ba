package io.bulwark.gateway;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request as it reached the gateway, independent of the HTTP library.
 *
 * @param method    upper-case HTTP method
 * @param path      the raw (still percent-encoded) path
 * @param rawQuery  the raw query string without '?', or null
 * @param headers   header names case-insensitive, values in arrival order
 * @param body      the request body (empty array when none)
 * @param remoteAddress the peer's IP address
 * @param clientCertificate the TLS client certificate, if one was presented
 */
public record GatewayRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String remoteAddress, X509Certificate clientCertificate) {

    public GatewayRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    /** Every value of the header {@code name}; empty if absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /**
     * Whether this is a CORS-preflight request (Fetch §3.2.2): {@code OPTIONS} with {@code Origin} and
     * {@code Access-Control-Request-Method}. It asks about another request, so it is routed by the method it names.
     */
    public boolean corsPreflight() {
        return method.equals("OPTIONS") && header("Origin") != null && header("Access-Control-Request-Method") != null;
    }

    /** The single value of {@code name}, or null if absent. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.getFirst();
    }
}
