package io.bulwark.http;

import java.util.Locale;
import java.util.Set;

/**
 * The one rule for text a client supplies that a person reads (payee names and references on the consent page, client
 * names on the consent and account pages): every character must show as what it is. Refused: format characters
 * (Unicode Cf: bidirectional overrides, embeddings and isolates, zero-width spaces and joiners, soft hyphen, BOM),
 * control characters (Cc, tab and newline too), line and paragraph separators (Zl, Zp), lone surrogates (Cs),
 * private-use and unassigned code points (Co, Cn: no agreed glyph), and characters that render as blanks while not
 * being spaces (the Hangul fillers, the blank Braille pattern, the combining grapheme joiner), and every other
 * default-ignorable code point (Unicode DerivedCoreProperties: variation selectors, Mongolian free variation selectors,
 * the Khmer inherent vowels), which renderers skip.
 */
public final class VisibleText {

    /** Blank-rendering letters and marks, used to make names look shorter or alike (Unicode TR 36 §2). */
    private static final Set<Integer> BLANKS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F);

    private VisibleText() {
    }

    /**
     * What is wrong with {@code text} as text shown to a person, naming the first offending character by its code point
     * (never echoing it), or null when every character is visible.
     */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            String kind = kind(c);
            if (kind != null) {
                return "contains " + kind + " U+" + String.format(Locale.ROOT, "%04X", c) + " at character " + (i + 1)
                        + ", which would not show as written";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    // Default_Ignorable_Code_Point ranges that are not Cf, Cc or Cn, so the category check alone misses them.
    private static boolean defaultIgnorable(int c) {
        return (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0xE0000 && c <= 0xE0FFF);
    }

    private static String kind(int c) {
        if (BLANKS.contains(c)) {
            return "the blank-rendering character";
        }
        if (defaultIgnorable(c)) {
            return "the invisible (default-ignorable) character";
        }
        return switch (Character.getType(c)) {
            // Trojan Source (CVE-2021-42574): U+202A-202E and U+2066-2069 reorder what is shown.
            case Character.FORMAT -> "the invisible format character";
            case Character.CONTROL -> "the control character";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "the line-breaking character";
            case Character.SURROGATE -> "the unpaired surrogate";
            case Character.PRIVATE_USE, Character.UNASSIGNED -> "the private-use or unassigned character";
            default -> null;
        };
    }
}
