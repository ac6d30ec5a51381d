package io.castwire.processing.captions;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CEA-608 caption channel 1 (CC1): codes, odd parity, and the character sets.
 *
 * <p>A code is a pair of 7-bit bytes; on the wire each byte carries an odd-parity bit in bit 7. Codes
 * whose first byte is 0x10-0x1F are control codes (commands, row addresses, special and extended
 * characters), sent twice in consecutive frames so a decoder survives a lost frame; anything else is
 * two characters of the basic set, the second 0x00 when there is only one.
 */
final class Cea608 {

    static final int COLUMNS = 32;
    static final int ROWS = 15;

    // miscellaneous control codes, CC1 (first byte 0x14)
    static final int RCL = 0x1420; // resume caption loading: pop-on mode
    static final int EDM = 0x142c; // erase displayed memory
    static final int ENM = 0x142e; // erase non-displayed memory
    static final int EOC = 0x142f; // end of caption: swap memories, the loaded caption appears

    /** First byte and row bit of the preamble address code for rows 1 to 15 (index 0 unused). */
    private static final int[][] PAC_ROWS = {
        {0, 0},
        {0x11, 0x40}, {0x11, 0x60}, {0x12, 0x40}, {0x12, 0x60}, {0x15, 0x40}, {0x15, 0x60}, {0x16, 0x40}, {0x16, 0x60},
        {0x17, 0x40}, {0x17, 0x60}, {0x10, 0x40}, {0x13, 0x40}, {0x13, 0x60}, {0x14, 0x40}, {0x14, 0x60},
    };

    /** How one character is sent. */
    enum Kind { BASIC, SPECIAL, EXTENDED }

    /**
     * @param code     BASIC: the 7-bit character; SPECIAL and EXTENDED: the two-byte code
     * @param fallback EXTENDED: the basic character sent first, which the extended code replaces
     *                 (decoders without the extended set show it); SPECIAL: the transliteration used when
     *                 the same special character repeats
     */
    record Glyph(Kind kind, int code, char fallback) {
    }

    private static final Map<Integer, Glyph> GLYPHS = new HashMap<>();
    private static final Map<Integer, String> TRANSLITERATIONS = new HashMap<>();

    static {
        for (int c = 0x20; c < 0x7f; c++) {
            if ("*\\^_`{|}~".indexOf(c) < 0) {
                GLYPHS.put(c, new Glyph(Kind.BASIC, c, (char) c));
            }
        }
        // the basic set is ASCII with these positions replaced (CEA-608 table 50)
        basic('\u2019', 0x27);
        basic('á', 0x2a);
        basic('é', 0x5c);
        basic('í', 0x5e);
        basic('ó', 0x5f);
        basic('ú', 0x60);
        basic('ç', 0x7b);
        basic('÷', 0x7c);
        basic('Ñ', 0x7d);
        basic('ñ', 0x7e);
        // special North American characters, 0x11 0x30-0x3F (0x39, the transparent space, is not text)
        String special = "®°½¿™¢£♪à\0èâêîôû";
        String specialFallback = "Ro/?Tcl#a\0eaeiou";
        for (int i = 0; i < special.length(); i++) {
            if (special.charAt(i) != 0) {
                GLYPHS.put((int) special.charAt(i), new Glyph(Kind.SPECIAL, 0x1130 + i, specialFallback.charAt(i)));
            }
        }
        // extended Spanish/French/miscellaneous (0x12) and Portuguese/German/Danish (0x13), 0x20-0x3F;
        // \0 marks positions left out: 0x1226 and 0x1229 are read differently by different decoders
        extended(0x1220, "ÁÉÓÚÜü\0¡*\0—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»", "AEOUUu\0!.\0-cs.\"\"AACEEEeIIiOUuU<>");
        extended(0x1320, "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤¦ÅåØø┌┐└┘", "AaIIiOoOo()/ -!-AaOosYc!AaOo++++");

        translit("\u2018\u201a\u201b\u2032\u00b4`", "'");
        translit("\u201e\u201f\u2033", "\"");
        translit("\u2010\u2011\u2012\u2013\u2212", "-");
        translit("\u2026", "...");
        translit("\u20ac", "EUR");
        translit("œ", "oe");
        translit("Œ", "OE");
        translit("æ", "ae");
        translit("Æ", "AE");
        translit("đð", "d");
        translit("Đ", "D");
        translit("þ", "th");
        translit("ł", "l");
        translit("Ł", "L");
        translit("ı", "i");
    }

    private static void basic(char c, int code) {
        GLYPHS.put((int) c, new Glyph(Kind.BASIC, code, c));
    }

    private static void extended(int first, String chars, String fallbacks) {
        if (chars.length() != 32 || fallbacks.length() != 32) {
            throw new IllegalStateException("an extended character row has 32 positions");
        }
        for (int i = 0; i < chars.length(); i++) {
            if (chars.charAt(i) != 0) {
                GLYPHS.put((int) chars.charAt(i), new Glyph(Kind.EXTENDED, first + i, fallbacks.charAt(i)));
            }
        }
    }

    private static void translit(String chars, String replacement) {
        chars.codePoints().forEach(c -> TRANSLITERATIONS.put(c, replacement));
    }

    private Cea608() {
    }

    /** The glyph for a character, or {@code null} when CEA-608 cannot show it. */
    static Glyph glyph(int codePoint) {
        return GLYPHS.get(codePoint);
    }

    /**
     * The text with every character replaced by one that CEA-608 can show: characters of the three sets
     * stay, others are transliterated (compatibility forms and accents removed, a few symbols spelled out), and what is left
     * is dropped. Each character of the result takes one column.
     */
    static String displayable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                out.append(' ');
            } else if (GLYPHS.containsKey(c)) {
                out.appendCodePoint(c);
            } else if (TRANSLITERATIONS.containsKey(c)) {
                out.append(TRANSLITERATIONS.get(c));
            } else {
                String stripped = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKD)
                        .replaceAll("\\p{M}+", "");
                stripped.codePoints().filter(GLYPHS::containsKey).forEach(out::appendCodePoint);
            }
        });
        return out.toString();
    }

    /** The byte with bit 7 set when needed to make the number of one bits odd. */
    static int parity(int sevenBits) {
        int b = sevenBits & 0x7f;
        return Integer.bitCount(b) % 2 == 0 ? b | 0x80 : b;
    }

    /** Whether a transmitted byte has odd parity. */
    static boolean oddParity(int b) {
        return Integer.bitCount(b & 0xff) % 2 == 1;
    }

    /** A 7-bit code pair as transmitted: both bytes with odd parity. */
    static int word(int code) {
        return parity(code >> 8) << 8 | parity(code);
    }

    /** A transmitted word as four lower-case hex digits, as SCC writes it. */
    static String hex(int word) {
        return String.format(Locale.ROOT, "%04x", word);
    }

    /** The preamble address code for a row (1-15), white, indent 0. */
    static int pac(int row) {
        if (row < 1 || row > ROWS) {
            throw new IllegalArgumentException("no row " + row);
        }
        return PAC_ROWS[row][0] << 8 | PAC_ROWS[row][1];
    }

    /** The row a preamble address code puts the cursor on, or -1 when the pair is not a CC1 row address. */
    static int pacRow(int code) {
        int hi = code >> 8;
        int lo = code & 0xff;
        if (lo < 0x40 || lo > 0x7f) {
            return -1;
        }
        int rowBit = lo & 0x60;
        for (int row = 1; row <= ROWS; row++) {
            if (PAC_ROWS[row][0] == hi && PAC_ROWS[row][1] == rowBit) {
                return row;
            }
        }
        return -1;
    }

    /** The indent in columns of a preamble address code (0x50-0x5F and 0x70-0x7F indent by 4 per step). */
    static int pacIndent(int code) {
        int attribute = code & 0x1f;
        return attribute >= 0x10 ? (attribute - 0x10) / 2 * 4 : 0;
    }

    /**
     * One unit of a caption's data: a text word sent once, or a control code sent twice. A loading
     * block is only ever cut between units, never between the two copies of a code.
     */
    record Unit(int word, boolean doubled) {
        int frames() {
            return doubled ? 2 : 1;
        }

        static Unit control(int code) {
            return new Unit(Cea608.word(code), true);
        }

        static Unit text(int first, int second) {
            return new Unit(parity(first) << 8 | parity(second), false);
        }
    }

    /**
     * Appends the units for one row of {@link #displayable} text: the preamble address code, then the
     * characters two to a word, a special or extended character as its own doubled code.
     */
    static void encodeRow(int row, String text, List<Unit> units) {
        units.add(Unit.control(pac(row)));
        int[] pending = {-1};
        int lastCode = -1;
        for (int i = 0; i < text.length(); i++) {
            Glyph glyph = GLYPHS.get((int) text.charAt(i));
            if (glyph == null) {
                throw new IllegalArgumentException("not displayable in CEA-608: '" + text.charAt(i) + "'");
            }
            if (glyph.kind() == Kind.SPECIAL && glyph.code() == lastCode) {
                // four identical words in a row read as one doubled code by decoders that drop every
                // repeat (ffmpeg), so a repeated special character goes out as its plain fallback
                glyph = GLYPHS.get((int) glyph.fallback());
            }
            switch (glyph.kind()) {
                case BASIC -> {
                    addChar(glyph.code(), pending, units);
                    lastCode = -1;
                }
                case SPECIAL -> {
                    flush(pending, units);
                    units.add(Unit.control(glyph.code()));
                    lastCode = glyph.code();
                }
                case EXTENDED -> {
                    addChar(GLYPHS.get((int) glyph.fallback()).code(), pending, units);
                    flush(pending, units);
                    units.add(Unit.control(glyph.code()));
                    lastCode = -1; // the fallback character stands between two equal extended codes
                }
            }
        }
        flush(pending, units);
    }

    private static void addChar(int c, int[] pending, List<Unit> units) {
        if (pending[0] < 0) {
            pending[0] = c;
        } else {
            units.add(Unit.text(pending[0], c));
            pending[0] = -1;
        }
    }

    private static void flush(int[] pending, List<Unit> units) {
        if (pending[0] >= 0) {
            units.add(Unit.text(pending[0], 0x00)); // 0x00 goes out as 0x80 with its parity bit
            pending[0] = -1;
        }
    }
}
