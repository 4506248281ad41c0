package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    /** Characters of every width in UTF-8, and both halves of a pair, placed around the slices' edges. */
    private static final String[] PIECES = {"a", "<td>", "·", "é", "→", "漢", "😀", "\uD83D", "\uDE00", "\n", "\u0000"};

    @Test
    void a_page_is_encoded_as_string_get_bytes_encodes_it() {
        Random random = new Random(10);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(3) == 0 ? random.nextInt(Utf8.SLICE * 4) : Utf8.SLICE * (1 + random.nextInt(3))
                    + random.nextInt(5) - 2;
            while (text.length() < length) {
                // Mostly ASCII, as a page is.
                text.append(random.nextInt(10) < 8 ? "x" : PIECES[random.nextInt(PIECES.length)]);
            }
            String page = text.toString();

            assertThat(Utf8.bytes(page)).as("round %d, %d characters", round, page.length())
                    .isEqualTo(page.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_pair_across_a_slice_edge_stays_one_character() {
        String page = "x".repeat(Utf8.SLICE - 1) + "😀" + "y".repeat(Utf8.SLICE);

        assertThat(new String(Utf8.bytes(page), StandardCharsets.UTF_8)).isEqualTo(page);
    }
}
