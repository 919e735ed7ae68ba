package io.bulwark.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction rule for caller-chosen text (paths, object ids, event details) before it enters the
 * audit trail, a security event or a log line: percent-encoding is decoded first (so {@code %30} or {@code %20}
 * cannot hide a card number), then anything shaped like a card number, in any script's digits and grouped by
 * spaces, dashes, dots or underscores, is masked to its last four digits, anything shaped like a JWT is replaced,
 * and the length is capped. {@link AuditEvent} and
 * {@link SecurityEvent} apply it when built, so no caller and no sink can forget it.
 */
public final class AuditRedaction {

    // 12 to 19 digits (any script's: \d with UNICODE_CHARACTER_CLASS), optionally grouped (ISO/IEC 7812 PANs).
    private static final Pattern PAN = Pattern.compile("(?<!\\d)\\d(?:[ ._+-]?\\d){11,18}(?!\\d)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SEPARATORS = Pattern.compile("[ ._+-]");
    // Three base64url segments, the first a JSON header ("eyJ" is base64url of '{"').
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");

    private AuditRedaction() {
    }

    /** {@code text} with PANs masked, JWTs replaced, control characters escaped, cut to {@code maxLength}; null stays null. */
    public static String clean(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String cut = percentDecoded(text.length() > maxLength * 4 ? text.substring(0, maxLength * 4) : text);
        String noJwt = JWT.matcher(cut).replaceAll("[jwt]");
        Matcher pan = PAN.matcher(noJwt);
        StringBuilder masked = new StringBuilder();
        while (pan.find()) {
            String digits = SEPARATORS.matcher(pan.group()).replaceAll("");
            pan.appendReplacement(masked, "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4));
        }
        pan.appendTail(masked);
        String visible = CONTROL.matcher(masked).replaceAll(m -> String.format("\\\\x%02x", (int) m.group().charAt(0)));
        return visible.length() > maxLength ? visible.substring(0, maxLength) + "…" : visible;
    }

    /** {@code text} with every {@code %XX} sequence decoded as UTF-8 (malformed bytes replaced); other text as it is. */
    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
                continue;
            }
            flush(bytes, out);
            out.append(c);
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
