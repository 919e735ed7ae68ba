package io.bulwark.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for primary account numbers in free text: 12 to 19 digits (ISO/IEC 7812), in any script's digits, grouped
 * by spaces, dashes, dots, underscores or plus signs, masked to their last four digits (PCI DSS 4.0.1 req. 3.4.1).
 */
public final class CardNumbers {

    // 12 to 19 digits (any script's: \d with UNICODE_CHARACTER_CLASS), optionally grouped.
    private static final Pattern PAN = Pattern.compile("(?<!\\d)\\d(?:[ ._+-]?\\d){11,18}(?!\\d)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SEPARATORS = Pattern.compile("[ ._+-]");

    private CardNumbers() {
    }

    /** {@code text} with every PAN-shaped digit run masked, whatever its check digit (the audit trail's fail-closed rule). */
    public static String maskAll(String text) {
        return mask(text, false);
    }

    /**
     * {@code text} with the PAN-shaped digit runs that pass the Luhn check masked; other runs (order numbers, timestamps)
     * stay, so that a log line keeps its meaning.
     */
    public static String maskLuhnValid(String text) {
        return mask(text, true);
    }

    /** True when {@code text} holds a run of at least 12 digits, separators allowed: the cheap test before any regex. */
    static boolean mayHold(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                if (++run >= 12) {
                    return true;
                }
            } else if (!(run > 0 && (c == ' ' || c == '-' || c == '.' || c == '_' || c == '+'))) {
                run = 0;
            }
        }
        return false;
    }

    private static String mask(String text, boolean luhnOnly) {
        if (!mayHold(text)) {
            return text;
        }
        Matcher pan = PAN.matcher(text);
        StringBuilder masked = null;
        while (pan.find()) {
            String digits = digits(pan.group());
            if (luhnOnly && !luhnValid(digits)) {
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            pan.appendReplacement(masked, "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4));
        }
        if (masked == null) {
            return text;
        }
        pan.appendTail(masked);
        return masked.toString();
    }

    /** The run's digits, separators dropped and any script's digits read as ASCII. */
    private static String digits(String run) {
        String bare = SEPARATORS.matcher(run).replaceAll("");
        StringBuilder ascii = new StringBuilder(bare.length());
        bare.codePoints().forEach(c -> ascii.append((char) ('0' + Character.digit(c, 10))));
        return ascii.toString();
    }

    /** The Luhn (ISO/IEC 7812-1 Annex B) check over ASCII digits. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
