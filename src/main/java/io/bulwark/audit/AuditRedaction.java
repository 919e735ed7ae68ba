package io.bulwark.audit;

import io.bulwark.redaction.CardNumbers;
import io.bulwark.redaction.PercentDecoded;
import io.bulwark.redaction.SecretMasker;

import java.util.regex.Pattern;

/**
 * The one redaction rule for caller-chosen text (paths, object ids, event details) before it enters the
 * audit trail, a security event or a log line: percent-encoding is decoded first (so {@code %30} or {@code %20}
 * cannot hide a card number), then what the logging layer masks ({@link SecretMasker}: tokens, JWTs, credentials,
 * keys, classified fields) is masked, then anything shaped like a card number ({@link CardNumbers}), whether or not its
 * check digit is right, is masked to its last four digits, and the length is capped. {@link AuditEvent} and
 * {@link SecurityEvent} apply it when built, so no caller and no sink can forget it.
 */
public final class AuditRedaction {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");

    private AuditRedaction() {
    }

    /** {@code text} with PANs and secrets masked, JWTs replaced, control characters escaped, cut to {@code maxLength}; null stays null. */
    public static String clean(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String cut = PercentDecoded.of(text.length() > maxLength * 4 ? text.substring(0, maxLength * 4) : text);
        String masked = CardNumbers.maskAll(SecretMasker.mask(cut));
        String visible = CONTROL.matcher(masked).replaceAll(m -> String.format("\\\\x%02x", (int) m.group().charAt(0)));
        return visible.length() > maxLength ? visible.substring(0, maxLength) + "…" : visible;
    }
}
