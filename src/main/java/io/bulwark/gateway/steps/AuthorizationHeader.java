package io.bulwark.gateway.steps;

import java.util.Locale;

/**
 * An {@code Authorization} header of the {@code Bearer} (RFC 6750 §2.1) or {@code DPoP}
 * (RFC 9449 §7.1) scheme: which scheme, and the token after it.
 */
record AuthorizationHeader(boolean dpop, String token) {

    /** The scheme and token of {@code header}; null when it is absent or of another scheme. */
    static AuthorizationHeader parse(String header) {
        if (header == null) {
            return null;
        }
        // Scheme names are case-insensitive (RFC 9110 §11.1).
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return new AuthorizationHeader(false, header.substring(7).trim());
        }
        if (lower.startsWith("dpop ")) {
            return new AuthorizationHeader(true, header.substring(5).trim());
        }
        return null;
    }

    String scheme() {
        return dpop ? "DPoP" : "Bearer";
    }
}
