package stet.support;

import java.util.Random;

/**
 * Values as long as a text field allows (1,000 characters) whose UTF-8 is longer than a
 * b-tree index entry may be (2,704 bytes), and that PostgreSQL cannot compress below it:
 * random ideographs, the same for the same seed.
 */
public final class LongTexts {

    private LongTexts() {}

    /** {@code length} CJK ideographs of the BMP: 3 bytes each in UTF-8 (1,000 are about 3,000 bytes). */
    public static String ideographs(long seed, int length) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x4E00 + random.nextInt(0x5000)));
        }
        return text.toString();
    }

    /**
     * {@code length} ideographs beyond the BMP (CJK extension B): 4 bytes each in UTF-8, two
     * Java chars, one character to the field's length. (Emoji, from a few hundred code
     * points, repeat enough for PostgreSQL to compress them.)
     */
    public static String astral(long seed, int length) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(0x20000 + random.nextInt(0xA6D0));
        }
        return text.toString();
    }
}
