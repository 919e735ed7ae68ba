package io.bulwark.redaction;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Masks the values of named secrets in free text, in one pass without regular expressions: {@code name=value} (forms,
 * queries, {@code key=value} prose, YAML written inline) and {@code "name": "value"} (JSON, also single-quoted or with
 * escaped quotes, as JSON inside a JSON string). A bare {@code name: value} is prose ("token: expired") and stays.
 * Names compare without case, {@code -} and {@code _} alike.
 */
final class KeyValues {

    private KeyValues() {
    }

    /** The name as compared: lower case, {@code -} read as {@code _}. */
    static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * {@code text} with the value after every name {@code secretName} accepts masked (given whether the name was quoted);
     * the same instance when there is none.
     */
    static String mask(String text, SecretName secretName) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '=' && c != ':') {
                continue;
            }
            Name name = nameBefore(text, i);
            if (name == null || (c == ':' && !name.quoted()) || !secretName.test(name.normalized(), name.quoted())) {
                continue;
            }
            int start = i + 1;
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            if (text.startsWith(SecretMasker.MASK, start)) {
                continue;
            }
            int end = valueEnd(text, start);
            if (end <= start) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(masked(text, start, end));
            copied = end;
            i = end - 1;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Which names are secret, given whether the name was quoted. */
    interface SecretName {
        boolean test(String normalizedName, boolean quoted);
    }

    private record Name(String normalized, boolean quoted) {
    }

    /** The name that ends just before the separator at {@code separator}, if there is one. */
    private static Name nameBefore(String text, int separator) {
        int end = separator;
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        boolean quoted = end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'');
        if (quoted) {
            end--;
            if (end > 0 && text.charAt(end - 1) == '\\') {
                end--;
            }
        }
        int start = end;
        while (start > 0 && isNameChar(text.charAt(start - 1))) {
            start--;
        }
        if (start == end) {
            return null;
        }
        return new Name(normalized(text.substring(start, end)), quoted);
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    /** Where the value starting at {@code start} ends: its closing quote or bracket, else the first delimiter. */
    private static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char first = text.charAt(start);
        if (first == '\\' && text.startsWith("\\\"", start)) {
            int close = text.indexOf("\\\"", start + 2);
            return close < 0 ? text.length() : close + 2;
        }
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && first == '"') {
                    i++;
                } else if (c == first) {
                    return i + 1;
                }
            }
            return text.length();
        }
        if (first == '[') {
            int close = text.indexOf(']', start);
            return close < 0 ? text.length() : close + 1;
        }
        int i = start;
        while (i < text.length() && !isDelimiter(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '&' || c == ',' || c == ';' || c == '"' || c == '\'' || c == '}' || c == ']' || c == '\\';
    }

    /** The mask, in the value's own quotes. */
    private static String masked(String text, int start, int end) {
        char first = text.charAt(start);
        if (first == '\\') {
            return "\\\"" + SecretMasker.MASK + "\\\"";
        }
        if (first == '"' || first == '\'') {
            return first + SecretMasker.MASK + first;
        }
        if (first == '[') {
            return "\"" + SecretMasker.MASK + "\"";
        }
        return SecretMasker.MASK;
    }

    /** A {@link SecretName} of fixed names, quoted or not, plus {@code quotedOnly} when quoted. */
    static SecretName of(Set<String> names, Set<String> quotedOnly, Predicate<String> more) {
        return (name, quoted) -> names.contains(name) || (quoted && quotedOnly.contains(name)) || more.test(name);
    }
}
