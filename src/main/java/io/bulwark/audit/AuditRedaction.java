package io.bulwark.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction rule for caller-chosen text (paths, object ids, event details) before it enters the
 * audit trail or a security event: anything shaped like a card number is masked to its last four digits,
 * anything shaped like a JWT is replaced, and the length is capped. {@link AuditEvent} and
 * {@link SecurityEvent} apply it when built, so no caller and no sink can forget it.
 */
public final class AuditRedaction {

    // 12 to 19 digits, optionally grouped by spaces or dashes (ISO/IEC 7812 PANs).
    private static final Pattern PAN = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){11,18}(?![0-9])");
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
        String cut = text.length() > maxLength * 4 ? text.substring(0, maxLength * 4) : text;
        String noJwt = JWT.matcher(cut).replaceAll("[jwt]");
        Matcher pan = PAN.matcher(noJwt);
        StringBuilder masked = new StringBuilder();
        while (pan.find()) {
            String digits = pan.group().replace(" ", "").replace("-", "");
            pan.appendReplacement(masked, "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4));
        }
        pan.appendTail(masked);
        String visible = CONTROL.matcher(masked).replaceAll(m -> String.format("\\\\x%02x", (int) m.group().charAt(0)));
        return visible.length() > maxLength ? visible.substring(0, maxLength) + "…" : visible;
    }
}
