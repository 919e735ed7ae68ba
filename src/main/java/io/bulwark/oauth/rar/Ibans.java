package io.bulwark.oauth.rar;

import java.util.regex.Pattern;

/** ISO 13616 IBAN check (structure and MOD 97-10 check digits), for the creditor of a payment. */
final class Ibans {

    private static final Pattern FORMAT = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

    private Ibans() {
    }

    /** Whether {@code iban}, in electronic format (no spaces, upper case), is well formed with valid check digits. */
    static boolean isValid(String iban) {
        if (iban == null || !FORMAT.matcher(iban).matches()) {
            return false;
        }
        // ISO 7064 MOD 97-10: the number with its first four characters moved to the end leaves remainder 1.
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }
}
