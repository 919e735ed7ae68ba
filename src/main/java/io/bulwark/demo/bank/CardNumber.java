package io.bulwark.demo.bank;

import java.util.regex.Pattern;

/** Primary account numbers (PANs) of payment cards: adding and checking the Luhn (ISO/IEC 7812) check digit. */
public final class CardNumber {

    private static final Pattern SIXTEEN_DIGITS = Pattern.compile("[0-9]{16}");

    private CardNumber() {
    }

    /** The 16-digit PAN made of the 15 digits {@code payload} followed by their Luhn check digit. */
    public static String withCheckDigit(String payload) {
        if (payload.length() != 15 || !payload.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("payload must be 15 digits");
        }
        int sum = luhnSum(payload + "0");
        return payload + (10 - sum % 10) % 10;
    }

    /** Whether {@code pan} is 16 digits whose Luhn checksum is valid. */
    public static boolean isValid(String pan) {
        return pan != null && SIXTEEN_DIGITS.matcher(pan).matches() && luhnSum(pan) % 10 == 0;
    }

    private static int luhnSum(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            // Every second digit from the right is doubled, and a two-digit product counts as its digit sum.
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum;
    }
}
