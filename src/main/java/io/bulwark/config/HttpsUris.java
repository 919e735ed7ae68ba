package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads URLs that must be absolute https with a host and no user info, query or fragment: issuers
 * (RFC 8414 §2), JWKS locations and upstreams. The value itself is not echoed: it could carry credentials.
 */
final class HttpsUris {

    private HttpsUris() {
    }

    /** The URL at {@code node}; {@code fix} says what a correct one looks like for this key. */
    static URI read(ConfigNode node, String fix) {
        URI uri;
        try {
            uri = new URI(node.text().strip());
        } catch (URISyntaxException e) {
            throw node.error("is not a valid URL: " + e.getReason() + " at index " + e.getIndex(), fix);
        }
        if (!uri.isAbsolute()) {
            throw node.error("must be an absolute https URL", fix);
        }
        if (!"https".equals(uri.getScheme())) {
            throw node.error("must be https, not `" + uri.getScheme() + "`", fix);
        }
        if (uri.getRawUserInfo() != null) {
            throw node.error("must not carry user info (credentials)", fix);
        }
        if (uri.getHost() == null) {
            throw node.error("has no host", fix);
        }
        if (uri.getRawQuery() != null) {
            throw node.error("must not have a query component", fix);
        }
        if (uri.getRawFragment() != null) {
            throw node.error("must not have a fragment component", fix);
        }
        return uri;
    }

    /** {@code issuer} followed by {@code /jwks}, where Bulwark's authorization server publishes its keys. */
    static URI jwksOf(URI issuer) {
        String base = issuer.toString();
        return URI.create(base.endsWith("/") ? base + "jwks" : base + "/jwks");
    }
}
