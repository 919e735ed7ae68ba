package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads URLs that must be absolute https with a host and no user info, query or fragment: issuers
 * (RFC 8414 §2), JWKS locations and upstreams. The value itself is not echoed: it could carry credentials.
 */
public final class HttpsUris {

    private HttpsUris() {
    }

    /** The URL at {@code node}; {@code fix} says what a correct one looks like for this key. */
    static URI read(ConfigNode node, String fix) {
        String text = node.text().strip();
        String problem = problem(text);
        if (problem != null) {
            throw node.error(problem, fix);
        }
        return URI.create(text);
    }

    /** What is wrong with {@code text} as such a URL, or null if nothing; shared with the {@code bulwark} commands. */
    public static String problem(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason() + " at index " + e.getIndex();
        }
        if (!uri.isAbsolute()) {
            return "must be an absolute https URL";
        }
        if (!"https".equals(uri.getScheme())) {
            return "must be https, not `" + uri.getScheme() + "`";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user info (credentials)";
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        if (uri.getRawQuery() != null) {
            return "must not have a query component";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment component";
        }
        return null;
    }

    /** {@code issuer} followed by {@code /jwks}, where Bulwark's authorization server publishes its keys. */
    static URI jwksOf(URI issuer) {
        String base = issuer.toString();
        return URI.create(base.endsWith("/") ? base + "jwks" : base + "/jwks");
    }
}
