package io.bulwark.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/** Masks a primary account number to its last four digits (PCI DSS 4.0.1 req. 3.4.1 allows at most the BIN and last four). */
public final class PanMask {

    // ISO/IEC 7812 PANs have 12 to 19 digits; people and systems also write them in groups.
    private static final Pattern PAN = Pattern.compile("[0-9](?:[ -]?[0-9]){11,18}");

    private PanMask() {
    }

    /** True when {@code value} is text shaped like a PAN. */
    public static boolean looksLikePan(JsonNode value) {
        return value.isTextual() && PAN.matcher(value.asText()).matches();
    }

    /** {@code pan} with every digit but the last four replaced by {@code *}, separators dropped. */
    public static String mask(String pan) {
        String digits = pan.replace(" ", "").replace("-", "");
        return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    }
}
