package io.bulwark.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), as RFC 9651 structured-field lists:
 * {@code RateLimit-Policy: "per-client";q=100;w=60} and {@code RateLimit: "per-client";r=42;t=18}.
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String LIMIT = "RateLimit";

    private RateLimitHeaders() {
    }

    /** The {@code RateLimit-Policy} value: each quota's name, {@code q} (quota units) and {@code w} (window, seconds). */
    public static String policy(List<Decision> decisions) {
        return decisions.stream()
                .map(d -> quoted(d.quota().name()) + ";q=" + d.quota().limit() + ";w=" + d.quota().windowSeconds())
                .collect(Collectors.joining(", "));
    }

    /** The {@code RateLimit} value: each quota's name, {@code r} (remaining) and {@code t} (seconds until reset). */
    public static String limit(List<Decision> decisions) {
        return decisions.stream()
                .map(d -> quoted(d.quota().name()) + ";r=" + d.remaining() + ";t=" + d.resetSeconds())
                .collect(Collectors.joining(", "));
    }

    // RFC 9651 §3.3.3: an sf-string is DQUOTE-delimited; names are restricted at load time to characters needing no escape.
    private static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
