package io.bulwark.anomaly.traffic;

import java.util.Optional;

/** The one rule for a recorded URL: a path with its query; a full URL loses its scheme and host. */
final class RequestUrls {

    private RequestUrls() {
    }

    /** The path and query of {@code url}, or empty when it is neither a path nor an absolute http(s) URL. */
    static Optional<String> pathAndQuery(String url) {
        String u = url.strip();
        int scheme = u.indexOf("://");
        if (scheme > 0 && u.substring(0, scheme).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            u = u.substring(scheme + 1);
        }
        if (u.startsWith("//")) {
            int slash = u.indexOf('/', 2);
            int query = u.indexOf('?', 2);
            if (slash < 0 && query < 0) {
                return Optional.of("/");
            }
            int cut = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
            u = u.charAt(cut) == '?' ? "/" + u.substring(cut) : u.substring(cut);
        }
        int fragment = u.indexOf('#');
        if (fragment >= 0) {
            u = u.substring(0, fragment);
        }
        return u.startsWith("/") ? Optional.of(u) : Optional.empty();
    }
}
