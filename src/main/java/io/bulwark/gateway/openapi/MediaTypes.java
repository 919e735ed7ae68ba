package io.bulwark.gateway.openapi;

import java.util.Locale;
import java.util.Map;

/** Picks the declared media range that a {@code Content-Type} falls under, the most specific first (OpenAPI 3.1 §4.8.14). */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** The essence of a Content-Type value: {@code type/subtype}, lower case, without parameters; null when malformed. */
    public static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0 || essence.contains("*")
                || essence.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return null;
        }
        return essence;
    }

    /** The {@code charset} parameter of a Content-Type value, lower case, or null if none. */
    public static String charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                return trimmed.substring(8).replace("\"", "").trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The entry of {@code declared} whose range {@code essence} falls under: exact, then {@code type/*}, then {@code *}{@code /*}. */
    public static <T> T match(Map<String, T> declared, String essence) {
        if (essence == null) {
            return null;
        }
        T exact = declared.get(essence);
        if (exact != null) {
            return exact;
        }
        T type = declared.get(essence.substring(0, essence.indexOf('/')) + "/*");
        return type != null ? type : declared.get("*/*");
    }
}
