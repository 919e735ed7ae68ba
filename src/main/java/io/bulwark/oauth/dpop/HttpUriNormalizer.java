package io.bulwark.oauth.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings an http(s) URI to the form RFC 3986 §6.2.2 (syntax) and §6.2.3 (scheme) normalization
 * give, without its query and fragment: the form in which RFC 9449 §4.3 item 9 compares {@code htu}
 * with the URI the request was received at.
 */
public final class HttpUriNormalizer {

    private static final String UNRESERVED_PUNCTUATION = "-._~";

    private HttpUriNormalizer() {
    }

    /**
     * The normal form of {@code uri}: lower-case scheme and host, no default port, percent-encodings
     * in upper case with unreserved characters decoded, dot segments removed, an empty path as
     * {@code /}, no query and no fragment. Empty when {@code uri} is not an absolute http(s) URI with a
     * host, or carries user information.
     */
    public static Optional<String> normalize(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null || parsed.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -2;
        };
        if (defaultPort == -2) {
            return Optional.empty();
        }
        int port = parsed.getPort() == defaultPort ? -1 : parsed.getPort();
        String rawPath = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
        String path = removeDotSegments(normalizePercentEncoding(rawPath));
        return Optional.of(scheme + "://" + parsed.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path);
    }

    /** RFC 3986 §6.2.2.1-2: hex digits of percent-encodings in upper case; encoded unreserved characters decoded. */
    private static String normalizePercentEncoding(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int value = Integer.parseInt(path.substring(i + 1, i + 3), 16);
                if (isUnreserved((char) value)) {
                    out.append((char) value);
                } else {
                    out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || UNRESERVED_PUNCTUATION.indexOf(c) >= 0;
    }

    /** RFC 3986 §5.2.4 remove_dot_segments, step by step as written there. */
    static String removeDotSegments(String path) {
        String input = path;
        StringBuilder output = new StringBuilder(path.length());
        while (!input.isEmpty()) {
            if (input.startsWith("../")) {
                input = input.substring(3);
            } else if (input.startsWith("./")) {
                input = input.substring(2);
            } else if (input.startsWith("/./")) {
                input = input.substring(2);
            } else if (input.equals("/.")) {
                input = "/";
            } else if (input.startsWith("/../")) {
                input = input.substring(3);
                removeLastSegment(output);
            } else if (input.equals("/..")) {
                input = "/";
                removeLastSegment(output);
            } else if (input.equals(".") || input.equals("..")) {
                input = "";
            } else {
                int next = input.indexOf('/', input.startsWith("/") ? 1 : 0);
                int end = next < 0 ? input.length() : next;
                output.append(input, 0, end);
                input = input.substring(end);
            }
        }
        return output.toString();
    }

    private static void removeLastSegment(StringBuilder output) {
        int last = output.lastIndexOf("/");
        output.setLength(Math.max(last, 0));
    }
}
