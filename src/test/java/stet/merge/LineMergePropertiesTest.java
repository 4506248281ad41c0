package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws every line merge obeys, checked on generated texts over a small alphabet (so that lines
 * repeat and edits collide often), with and without a final newline. Each case is one seed
 * ({@link Seeded}); a failure names its seed, and the same seed always generates the same texts.
 */
class LineMergePropertiesTest {

    private static final String[] TEXT_LINES = {"a", "b", "c", "d", "e", "", "-", "x1"};
    private static final String[] TRIPLE_LINES = {"a", "b", "c", "d", "", "-", "Z", "Y"};

    static LongStream seeds300() {
        return Seeded.seeds(300);
    }

    static LongStream seeds500() {
        return Seeded.seeds(500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void merging_a_change_with_an_untouched_side_gives_the_change(long seed) {
        Seeded.run(seed, random -> {
            String base = text(random);
            String x = text(random);
            assertThat(LineMerge.merge(base, x, base).mergedText()).hasValue(x);
            assertThat(LineMerge.merge(base, base, x).mergedText()).hasValue(x);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void the_same_change_on_both_sides_gives_that_change(long seed) {
        Seeded.run(seed, random -> {
            String base = text(random);
            String x = text(random);
            assertThat(LineMerge.merge(base, x, x).mergedText()).hasValue(x);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds500")
    void swapping_yours_and_theirs_never_changes_the_verdict(long seed) {
        Seeded.run(seed, random -> {
            List<String> t = triple(random);
            assertThat(LineMerge.merge(t.get(0), t.get(2), t.get(1)).clean())
                    .isEqualTo(LineMerge.merge(t.get(0), t.get(1), t.get(2)).clean());
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds500")
    void every_line_of_a_clean_merge_comes_from_base_yours_or_theirs(long seed) {
        Seeded.run(seed, random -> {
            List<String> t = triple(random);
            LineMergeResult r = LineMerge.merge(t.get(0), t.get(1), t.get(2));
            if (r.clean()) {
                Set<String> inputs = new HashSet<>();
                for (String text : t) {
                    inputs.addAll(List.of(Texts.split(text)));
                }
                assertThat(Texts.split(r.mergedText().orElseThrow())).allMatch(inputs::contains);
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds500")
    void hunks_tile_each_of_the_three_texts_in_order(long seed) {
        Seeded.run(seed, random -> assertHunksTile(triple(random)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void stable_hunks_say_truthfully_which_side_changed(long seed) {
        Seeded.run(seed, random -> assertHunksTruthful(triple(random)));
    }

    /**
     * The bug these laws found (a7f0592): lines deleted on both sides made the hunk labelling
     * compare past the end of yours (the "same lines" test ran before the "same length" test).
     */
    @Test
    void lines_deleted_on_both_sides_merge_and_are_labelled_both() {
        List<String> t = List.of("a\nb\nc\n", "a\n", "a\n");
        assertThat(LineMerge.merge(t.get(0), t.get(1), t.get(2)).mergedText()).hasValue("a\n");
        assertHunksTile(t);
        assertHunksTruthful(t);
        assertThat(LineMerge.merge(t.get(0), t.get(1), t.get(2)).hunks()).extracting(MergeHunk::kind)
                .containsExactly(MergeHunk.Kind.UNCHANGED, MergeHunk.Kind.BOTH);
    }

    private static void assertHunksTile(List<String> t) {
        for (LineMergeOptions.Conflicts style : LineMergeOptions.Conflicts.values()) {
            LineMergeResult r = LineMerge.merge(t.get(0), t.get(1), t.get(2), new LineMergeOptions(style));
            for (Side side : Side.values()) {
                StringBuilder joined = new StringBuilder();
                int next = 0;
                for (MergeHunk h : r.hunks()) {
                    assertThat(h.range(side).start()).isEqualTo(next);
                    next = h.range(side).end();
                    joined.append(h.text(side));
                }
                assertThat(joined.toString()).isEqualTo(r.text(side));
            }
            long conflicts = r.hunks().stream().filter(MergeHunk::isConflict).count();
            assertThat(conflicts).isEqualTo(r.conflictCount());
        }
    }

    private static void assertHunksTruthful(List<String> t) {
        for (MergeHunk h : LineMerge.merge(t.get(0), t.get(1), t.get(2)).hunks()) {
            switch (h.kind()) {
                case UNCHANGED -> assertThat(h.text(Side.YOURS)).isEqualTo(h.text(Side.BASE)).isEqualTo(h.text(Side.THEIRS));
                case YOURS -> assertThat(h.text(Side.THEIRS)).isEqualTo(h.text(Side.BASE));
                case THEIRS -> assertThat(h.text(Side.YOURS)).isEqualTo(h.text(Side.BASE));
                case BOTH -> assertThat(h.text(Side.YOURS)).isEqualTo(h.text(Side.THEIRS));
                case CONFLICT -> assertThat(h.text(Side.YOURS)).isNotEqualTo(h.text(Side.THEIRS));
            }
        }
    }

    /** Up to 12 lines over {@link #TEXT_LINES}, with a final newline two times in three. */
    private static String text(Random random) {
        return join(lines(random, TEXT_LINES), random.nextInt(3) != 0);
    }

    /** A base and two sides made by editing it, so that sides share lines with the base. */
    static List<String> triple(Random random) {
        List<String> base = lines(random, TRIPLE_LINES);
        List<String> yours = edited(random, base);
        List<String> theirs = edited(random, base);
        return List.of(join(base, true), join(yours, random.nextBoolean()), join(theirs, true));
    }

    private static List<String> lines(Random random, String[] alphabet) {
        int n = random.nextInt(13);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(alphabet[random.nextInt(alphabet.length)]);
        }
        return out;
    }

    /** Each base line is kept, dropped, replaced, or followed by an insertion. */
    private static List<String> edited(Random random, List<String> base) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= base.size(); i++) {
            int op = random.nextInt(6);
            String line = TRIPLE_LINES[random.nextInt(TRIPLE_LINES.length)];
            if (i < base.size()) {
                if (op == 1) {
                    continue;
                }
                out.add(op == 2 ? line : base.get(i));
            }
            if (op == 3) {
                out.add(line);
            }
        }
        return out;
    }

    private static String join(List<String> lines, boolean finalNewline) {
        if (lines.isEmpty()) {
            return "";
        }
        String s = String.join("\n", lines);
        return finalNewline ? s + "\n" : s;
    }
}
