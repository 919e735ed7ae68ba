package io.bulwark.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which browser origins may call one API across origins (the Fetch standard's CORS protocol); an API
 * without it emits no {@code Access-Control-*} header at all.
 *
 * @param allowedOrigins exact https origins, as browsers serialize them ({@code https://app.example.com})
 * @param allowedMethods upper-case methods a preflight may ask for, all declared by the API's OpenAPI document
 * @param allowedHeaders request headers a preflight may ask for (compared case-insensitively)
 * @param exposedHeaders response headers a page's script may read
 * @param maxAge         how long a browser may cache a preflight's answer
 */
public record CorsConfig(List<String> allowedOrigins, Set<String> allowedMethods, List<String> allowedHeaders,
                         List<String> exposedHeaders, Duration maxAge) {

    /** Headers a FAPI browser client sends: the token, its DPoP proof, and a JSON body's type. */
    public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of("Authorization", "DPoP", "Content-Type");
    /** Headers that carry what a browser client needs to read: nonces, limits, challenges and the request id. */
    public static final List<String> DEFAULT_EXPOSED_HEADERS = List.of("DPoP-Nonce", "RateLimit", "RateLimit-Policy", "Retry-After",
            "WWW-Authenticate", "X-Request-Id");
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    public CorsConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = Set.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Fetch §3.2.5: an origin is allowed only by an exact, byte-for-byte match; {@code null} and absent never are. */
    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    public boolean allowsMethod(String method) {
        return allowedMethods.contains(method);
    }

    /** Whether every header named in an {@code Access-Control-Request-Headers} value is allowed (header names are case-insensitive). */
    public boolean allowsHeaders(String requestHeaders) {
        if (requestHeaders == null || requestHeaders.isBlank()) {
            return true;
        }
        for (String name : requestHeaders.split(",")) {
            String wanted = name.strip();
            if (!wanted.isEmpty() && allowedHeaders.stream().noneMatch(allowed -> allowed.equalsIgnoreCase(wanted))) {
                return false;
            }
        }
        return true;
    }

    /** The allowed methods in a stable order, for {@code Access-Control-Allow-Methods}. */
    public String allowedMethodsList() {
        return String.join(", ", allowedMethods.stream().map(m -> m.toUpperCase(Locale.ROOT)).sorted().toList());
    }
}
