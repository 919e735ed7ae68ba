package io.bulwark.anomaly.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueDecodingTest {

    @Test
    void transportDecodingIsFreeAndEachFurtherRoundCounts() {
        assertThat(ValueDecoding.decode("Vino+Rioja", true, true)).isEqualTo(new ValueDecoding.Decoded("Vino Rioja", 0));
        assertThat(ValueDecoding.decode("A%F1adir", true, true).text()).as("ISO-8859-1 when not UTF-8").isEqualTo("Añadir");
        assertThat(ValueDecoding.decode("Jos%C3%A9", true, false).text()).isEqualTo("José");
        assertThat(ValueDecoding.decode("Registrar%253F", true, true)).isEqualTo(new ValueDecoding.Decoded("Registrar?", 1));
        assertThat(ValueDecoding.decode("%25253Cscript", true, false)).isEqualTo(new ValueDecoding.Decoded("<script", 2));
        assertThat(ValueDecoding.decode("&#60;svg&#x3E;&lt;", false, false)).isEqualTo(new ValueDecoding.Decoded("<svg><", 1));
        assertThat(ValueDecoding.decode("100%", false, false)).as("a lone percent stays").isEqualTo(new ValueDecoding.Decoded("100%", 0));
        assertThat(ValueDecoding.decode("a+b", false, false).text()).as("+ is a space only in forms and queries").isEqualTo("a+b");
    }

    @Test
    void decodingIsBounded() {
        String deep = "%3C";
        for (int i = 0; i < 10; i++) {
            deep = deep.replace("%", "%25");
        }
        assertThat(ValueDecoding.decode(deep, false, false).depth()).isEqualTo(ValueDecoding.MAX_ROUNDS);
    }
}
