package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import stet.diff.DiffWork;

class RevisionCodecTest {

    static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "épsilon", "ζeta", "η", "theta", "iota", "kappa",
        "lambda", "", " ", "\t", "mu nu", "xi", "omicron", "pi\r", "rho", "sigma"};

    /** A line-based text of real-looking words, sometimes with CRLF, sometimes without a final newline. */
    static String text(Random random, int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            for (int w = random.nextInt(8); w >= 0; w--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            text.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        if (random.nextBoolean() && text.length() > 0) {
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }

    /** A random edit: change, insert or delete a few lines somewhere, or replace everything. */
    static String edit(Random random, String text) {
        List<String> lines = new ArrayList<>(RevisionCodec.lines(text));
        switch (random.nextInt(6)) {
            case 0 -> { return text(random, random.nextInt(50)); }
            case 1 -> { return ""; }
            default -> {
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
                    switch (random.nextInt(3)) {
                        case 0 -> lines.add(at, text(random, 1 + random.nextInt(3)));
                        case 1 -> { if (!lines.isEmpty()) { lines.remove(at); } }
                        default -> { if (!lines.isEmpty()) { lines.set(at, text(random, 1)); } }
                    }
                }
                return String.join("", lines);
            }
        }
    }

    @Test
    void every_version_of_long_random_histories_decodes_exactly() {
        Random random = new Random(20261125);
        for (int history = 0; history < 20; history++) {
            Map<String, String> data = new HashMap<>(Map.of("body", text(random, 200), "title", "t"));
            for (int version = 0; version < 150; version++) {
                Map<String, String> next = new HashMap<>(data);
                next.put("body", edit(random, data.get("body")));
                if (random.nextInt(5) == 0) {
                    next.put("title", "title " + version);
                }
                if (random.nextInt(20) == 0) {
                    next.remove("title");
                }
                if (random.nextInt(20) == 0) {
                    next.put("extra", text(random, 30));
                }
                String delta = RevisionCodec.encode(data, next);
                assertThat(RevisionCodec.decode(data, delta)).as("history %d version %d", history, version).isEqualTo(next);
                data = next;
            }
        }
    }

    @Test
    void texts_too_different_to_diff_within_the_budget_are_stored_as_one_hunk_and_decode_exactly() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RevisionCodec.DIFF_MAX_LINES; i++) {
            lines.add("line " + i + " of a text long enough to be patched\n");
        }
        List<String> reversed = new ArrayList<>(lines);
        Collections.reverse(reversed);
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(3));
        Map<String, String> before = Map.of("body", "head\n" + String.join("", reversed) + "tail\n");
        Map<String, String> after = Map.of("body", "head\n" + String.join("", shuffled) + "tail\n");
        DiffWork work = DiffWork.of(RevisionCodec.PATCH_WORK);

        String delta = RevisionCodec.encode(before, after, work);

        assertThat(work.spent()).isLessThanOrEqualTo(RevisionCodec.PATCH_WORK);
        assertThat(RevisionCodec.decode(before, delta)).isEqualTo(after);
    }

    @Test
    void a_one_line_edit_of_a_long_text_stores_about_that_line() {
        Random random = new Random(7);
        String before = text(random, 3_000);
        List<String> lines = new ArrayList<>(RevisionCodec.lines(before));
        lines.set(1_500, "a changed line\n");
        String after = String.join("", lines);

        String delta = RevisionCodec.encode(Map.of("body", before), Map.of("body", after));

        assertThat(before.length()).isGreaterThan(50_000);
        assertThat(delta.length()).isLessThan(100);
        assertThat(RevisionCodec.decode(Map.of("body", before), delta)).containsEntry("body", after);
    }

    @Test
    void unchanged_data_has_an_empty_delta_and_short_values_are_stored_whole() {
        assertThat(RevisionCodec.encode(Map.of("a", "1"), Map.of("a", "1"))).isEqualTo("{}");
        assertThat(RevisionCodec.encode(Map.of("a", "1"), Map.of("a", "2"))).isEqualTo("{\"set\":{\"a\":\"2\"}}");
        assertThat(RevisionCodec.encode(Map.of("a", "1"), Map.of())).isEqualTo("{\"del\":[\"a\"]}");
    }
}
