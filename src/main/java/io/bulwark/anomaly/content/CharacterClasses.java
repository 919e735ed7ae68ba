package io.bulwark.anomaly.content;

/**
 * The alphabet the character and structure models see: letters and digits by class (a new name is not a new kind of
 * value), every ASCII punctuation, space and control character as itself (a first {@code '} or {@code <} in a field is
 * what an injection looks like), non-ASCII letters as one class and other non-ASCII characters as another.
 */
final class CharacterClasses {

    /** Symbols 0-127 are ASCII (letters and digits folded to 'a', 'A', '9'); these two are the rest. */
    static final int NON_ASCII_LETTER = 128;
    static final int NON_ASCII_OTHER = 129;
    static final int SYMBOLS = 130;

    private CharacterClasses() {
    }

    static int symbol(char c) {
        if (c >= 'a' && c <= 'z') {
            return 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return 'A';
        }
        if (c >= '0' && c <= '9') {
            return '9';
        }
        if (c < 128) {
            return c;
        }
        return Character.isLetter(c) ? NON_ASCII_LETTER : NON_ASCII_OTHER;
    }

    /** How a reason names a symbol: the character quoted, or its class in words. */
    static String describe(int symbol) {
        return switch (symbol) {
            case 'a' -> "lower-case letters";
            case 'A' -> "upper-case letters";
            case '9' -> "digits";
            case ' ' -> "space";
            case NON_ASCII_LETTER -> "non-ASCII letters";
            case NON_ASCII_OTHER -> "non-ASCII symbols";
            default -> symbol < 0x20 || symbol == 0x7f ? String.format("U+%04X", symbol) : "'" + (char) symbol + "'";
        };
    }

    /**
     * The value's structure (Kruegel and Vigna §4.4, structural inference, simplified to character classes): each
     * character's class, runs of one class collapsed, letters of either case as one, so "Vino Rioja" and "Queso Manchego"
     * are both {@code a a}, "C/ Mayor 7, 3ºB" is {@code a/ a 9, 9a}. Cut at 48 symbols.
     */
    static String shape(String value) {
        StringBuilder shape = new StringBuilder(Math.min(value.length(), 48));
        char last = 0;
        for (int i = 0; i < value.length() && shape.length() < 48; i++) {
            char c = value.charAt(i);
            char cls = Character.isLetter(c) ? 'a' : Character.isDigit(c) ? '9' : c < 128 ? c : '~';
            if (cls != last) {
                shape.append(cls);
                last = cls;
            }
        }
        return shape.toString();
    }
}
