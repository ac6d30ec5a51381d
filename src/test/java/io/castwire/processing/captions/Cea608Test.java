package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.captions.Cea608.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Cea608Test {

    @Test
    void setsBitSevenWhenTheSevenBitsHaveAnEvenNumberOfOnes() {
        assertThat(Cea608.parity('A')).isEqualTo(0xc1);  // 100 0001: two ones
        assertThat(Cea608.parity('a')).isEqualTo(0x61);  // 110 0001: three ones
        assertThat(Cea608.parity(' ')).isEqualTo(0x20);  // 010 0000: one
        assertThat(Cea608.parity(0x00)).isEqualTo(0x80); // padding
        assertThat(Cea608.parity(0x14)).isEqualTo(0x94);
        assertThat(Cea608.parity(0x2e)).isEqualTo(0xae);
        assertThat(Cea608.parity(0x2c)).isEqualTo(0x2c);
        assertThat(Cea608.parity(0x7f)).isEqualTo(0x7f);
        for (int b = 0; b < 128; b++) {
            int sent = Cea608.parity(b);
            assertThat(Cea608.oddParity(sent)).as("0x%02x", b).isTrue();
            assertThat(sent & 0x7f).isEqualTo(b);
            assertThat(Cea608.oddParity(sent ^ 0x80)).as("flipping bit 7 breaks it").isFalse();
        }
    }

    @Test
    void controlCodesAreTheWellKnownWords() {
        assertThat(Cea608.hex(Cea608.word(Cea608.RCL))).isEqualTo("9420");
        assertThat(Cea608.hex(Cea608.word(Cea608.ENM))).isEqualTo("94ae");
        assertThat(Cea608.hex(Cea608.word(Cea608.EOC))).isEqualTo("942f");
        assertThat(Cea608.hex(Cea608.word(Cea608.EDM))).isEqualTo("942c");
    }

    @Test
    void rowAddressesPutTheBottomRowsAtTwelveToFifteen() {
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(12)))).isEqualTo("1340");
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(13)))).isEqualTo("13e0");
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(14)))).isEqualTo("9440");
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(15)))).isEqualTo("94e0");
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(1)))).isEqualTo("9140");
        assertThat(Cea608.hex(Cea608.word(Cea608.pac(11)))).isEqualTo("1040");
        for (int row = 1; row <= 15; row++) {
            assertThat(Cea608.pacRow(Cea608.pac(row))).isEqualTo(row);
            assertThat(Cea608.pacIndent(Cea608.pac(row))).isZero();
        }
    }

    @Test
    void encodesTwoBasicCharactersAWordAndPadsTheLastOne() {
        assertThat(row("Hi!")).containsExactly("94e0 94e0", "c8e9", "a180");
    }

    @Test
    void sendsAccentsOfTheBasicSetAsOneByteAndSpecialAndExtendedCharactersAsDoubledCodes() {
        // é is 0x5C in the basic set
        assertThat(row("é")).containsExactly("94e0 94e0", "dc80");
        // ♪ is special 0x11 0x37; no fallback, it takes its own column
        assertThat(row("a♪")).containsExactly("94e0 94e0", "6180", "9137 9137");
        // É is extended 0x12 0x21 and follows a plain E that it replaces
        assertThat(row("É")).containsExactly("94e0 94e0", "4580", "92a1 92a1");
        assertThat(row("aÉ")).containsExactly("94e0 94e0", "6145", "92a1 92a1");
        // ASCII that the basic set lacks comes from the extended sets: * is 0x12 0x28
        assertThat(row("*")).containsExactly("94e0 94e0", "ae80", "92a8 92a8");
        assertThat(row("ß")).containsExactly("94e0 94e0", "7380", "1334 1334");
    }

    @Test
    void aRepeatedSpecialCharacterIsNotSentAsFourEqualWords() {
        // a decoder that ignores every repeat would show one note for "9137 9137 9137 9137"
        assertThat(row("♪♪")).containsExactly("94e0 94e0", "9137 9137", "2380");
    }

    @Test
    void transliteratesWhatCea608CannotShowAndDropsTheRest() {
        assertThat(Cea608.displayable("Zoë, Łódź, ōbi")).isEqualTo("Zoë, Lódz, obi");
        assertThat(Cea608.displayable("5 € … œuvre – “ok”")).isEqualTo("5 EUR ... oeuvre - “ok”");
        assertThat(Cea608.displayable("party 🎉 time\u00a0now")).isEqualTo("party  time now");
        assertThat(Cea608.displayable("it’s ‘quoted’")).isEqualTo("it’s 'quoted’");
        assertThat(Cea608.displayable("ﬁne m² Ｘ")).isEqualTo("fine m2 X");
    }

    private static List<String> row(String text) {
        List<Unit> units = new ArrayList<>();
        Cea608.encodeRow(15, text, units);
        return units.stream().map(u -> u.doubled() ? Cea608.hex(u.word()) + " " + Cea608.hex(u.word()) : Cea608.hex(u.word()))
                .toList();
    }
}
