package io.bulwark.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for client text shown to people: every character shows as what it is. */
class VisibleTextTest {

    @ParameterizedTest
    @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
            0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xE0041, 0x0000, 0x0009, 0x000A, 0x001B, 0x007F, 0x0085, 0x009B,
            0x2028, 0x2029, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0xE000, 0xD800, 0x0378,
            0x17B4, 0x17B5, 0x180B, 0x180F, 0xFE00, 0xFE0F, 0xE0100, 0xE01EF})
    void invisibleReorderingAndBlankCharactersAreRefusedByCodePoint(int codePoint) {
        String problem = VisibleText.problem("Shop " + Character.toString(codePoint) + "Ltd");
        assertThat(problem).as("U+%04X", codePoint).isNotNull().contains(String.format("U+%04X", codePoint)).contains("character 6");
        assertThat(problem).doesNotContain(Character.toString(codePoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Merchant A", "Müller & Söhne GmbH", "東京電力", "שלום", "مرحبا", "Café ☕ 🙂", "Nº 42 – “quoted”", "A\u00A0B"})
    void visibleTextInAnyScriptPasses(String text) {
        assertThat(VisibleText.problem(text)).isNull();
    }
}
