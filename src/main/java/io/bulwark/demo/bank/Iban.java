package io.bulwark.demo.bank;

import java.util.regex.Pattern;

/** ISO 13616 International Bank Account Numbers: building one with its check digits, and checking one. */
public final class Iban {

    /** Electronic format: country, two check digits, then up to 30 letters and digits (34 characters in all). */
    public static final Pattern FORMAT = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

    private Iban() {
    }

    /** The IBAN for {@code bban} (the national account number) in {@code country}, with its check digits. */
    public static String of(String country, String bban) {
        // ISO 13616-1 / ISO 7064 MOD 97-10: check digits are 98 minus the remainder computed with "00" in their place.
        int check = 98 - mod97(bban + country + "00");
        String iban = country + (check < 10 ? "0" : "") + check + bban;
        if (!isValid(iban)) {
            throw new IllegalArgumentException("not a valid BBAN for " + country + ": " + bban);
        }
        return iban;
    }

    /** Whether {@code iban}, in electronic format (no spaces, upper case), has valid structure and check digits. */
    public static boolean isValid(String iban) {
        if (iban == null || !FORMAT.matcher(iban).matches()) {
            return false;
        }
        // The rearranged number (first four characters moved to the end) must leave remainder 1.
        return mod97(iban.substring(4) + iban.substring(0, 4)) == 1;
    }

    private static int mod97(String alphanumeric) {
        int remainder = 0;
        for (int i = 0; i < alphanumeric.length(); i++) {
            // Letters count as two digits (A = 10 .. Z = 35); digit by digit keeps the number inside an int.
            int value = Character.digit(alphanumeric.charAt(i), 36);
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder;
    }
}
