package io.bulwark.oauth.consent;

/** Masks account numbers for display: enough to recognise one's own account, not enough to use it. */
public final class MaskedNumbers {

    private static final String HIDDEN = "••••";

    private MaskedNumbers() {
    }

    /** {@code DE89370400440532013000} becomes {@code DE89 •••• 3000}. */
    public static String iban(String iban) {
        if (iban == null || iban.length() < 12) {
            return HIDDEN;
        }
        return iban.substring(0, 4) + " " + HIDDEN + " " + iban.substring(iban.length() - 4);
    }

    /** A card number becomes {@code •••• 1234} (PCI DSS 4.0.1 §3.4.1 allows at most the last four). */
    public static String card(String pan) {
        if (pan == null || pan.length() < 8) {
            return HIDDEN;
        }
        return HIDDEN + " " + pan.substring(pan.length() - 4);
    }

    /** An IBAN in groups of four, as printed on statements, so that a payee can be checked at a glance. */
    public static String grouped(String iban) {
        return iban.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
