package io.bulwark.anomaly.content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Undoes the encodings an attack hides behind, so its characters show: percent-encoding (RFC 3986 §2.1; UTF-8, else
 * ISO-8859-1 as older forms send), {@code +} as space in form and query values (HTML 4.01 §17.13.4.1), and HTML
 * character references. Bounded: at most {@value #MAX_ROUNDS} rounds after the transport's own decoding, and the number
 * of rounds that changed the value is its depth (a double-encoded {@code %253C} has depth 1 in a query).
 */
final class ValueDecoding {

    static final int MAX_ROUNDS = 3;
    private static final Map<String, String> ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'",
            "nbsp", " ", "sol", "/", "bsol", "\\", "lpar", "(", "rpar", ")");

    private ValueDecoding() {
    }

    /** A decoded value and how many extra rounds of decoding it took. */
    record Decoded(String text, int depth) {
    }

    /**
     * @param raw              the value as sent
     * @param transportEncoded true for query, form, path and cookie values, whose one round of percent-decoding is normal
     * @param plusIsSpace      true for query and form values
     */
    static Decoded decode(String raw, boolean transportEncoded, boolean plusIsSpace) {
        String text = transportEncoded ? percent(raw, plusIsSpace) : raw;
        int depth = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = entities(percent(text, false));
            if (next.equals(text)) {
                break;
            }
            text = next;
            depth++;
        }
        return new Decoded(text, depth);
    }

    static String percent(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write(high * 16 + low);
                    i += 2;
                    continue;
                }
            }
            flush(bytes, out);
            out.append(plusIsSpace && c == '+' ? ' ' : c);
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        byte[] b = bytes.toByteArray();
        bytes.reset();
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)));
        } catch (CharacterCodingException e) {
            out.append(new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    /** HTML character references: named (a few that matter), decimal and hexadecimal. */
    static String entities(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi > i + 1 && semi - i <= 10) {
                String name = text.substring(i + 1, semi);
                String replacement = reference(name);
                if (replacement != null) {
                    out.append(replacement);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String reference(String name) {
        if (name.startsWith("#")) {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
