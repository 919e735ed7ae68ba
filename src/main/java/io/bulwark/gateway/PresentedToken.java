package io.bulwark.gateway;

import java.util.Locale;
import java.util.Optional;

/**
 * The access token as the caller presented it in its {@code Authorization} header: under the {@code Bearer}
 * (RFC 6750 §2.1) or {@code DPoP} (RFC 9449 §7.1) scheme, and the token after it. Parsed once, by the
 * authentication step; the sender-constraint step checks the scheme against the token's binding.
 */
public record PresentedToken(boolean dpop, String token) {

    /** The scheme and token of {@code header}; empty when it is absent or of another scheme. */
    public static Optional<PresentedToken> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        // Scheme names are case-insensitive (RFC 9110 §11.1).
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return Optional.of(new PresentedToken(false, header.substring(7).trim()));
        }
        if (lower.startsWith("dpop ")) {
            return Optional.of(new PresentedToken(true, header.substring(5).trim()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        // The token is a credential: never in logs.
        return "PresentedToken[" + (dpop ? "DPoP" : "Bearer") + "]";
    }
}
