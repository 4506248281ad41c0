package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Laws every line merge obeys, checked on generated texts over a small alphabet (so that lines
 * repeat and edits collide often), with and without a final newline.
 */
class LineMergePropertiesTest {

    @Property(tries = 300, seed = "20240611")
    void merging_a_change_with_an_untouched_side_gives_the_change(@ForAll("texts") String base,
            @ForAll("texts") String x) {
        assertThat(LineMerge.merge(base, x, base).mergedText()).hasValue(x);
        assertThat(LineMerge.merge(base, base, x).mergedText()).hasValue(x);
    }

    @Property(tries = 300, seed = "20240611")
    void the_same_change_on_both_sides_gives_that_change(@ForAll("texts") String base, @ForAll("texts") String x) {
        assertThat(LineMerge.merge(base, x, x).mergedText()).hasValue(x);
    }

    @Property(tries = 500, seed = "20240611")
    void swapping_yours_and_theirs_never_changes_the_verdict(@ForAll("triples") List<String> t) {
        assertThat(LineMerge.merge(t.get(0), t.get(2), t.get(1)).clean())
                .isEqualTo(LineMerge.merge(t.get(0), t.get(1), t.get(2)).clean());
    }

    @Property(tries = 500, seed = "20240611")
    void every_line_of_a_clean_merge_comes_from_base_yours_or_theirs(@ForAll("triples") List<String> t) {
        LineMergeResult r = LineMerge.merge(t.get(0), t.get(1), t.get(2));
        if (r.clean()) {
            Set<String> inputs = new HashSet<>();
            for (String text : t) {
                inputs.addAll(List.of(Texts.split(text)));
            }
            assertThat(Texts.split(r.mergedText().orElseThrow())).allMatch(inputs::contains);
        }
    }

    @Property(tries = 500, seed = "20240611")
    void hunks_tile_each_of_the_three_texts_in_order(@ForAll("triples") List<String> t) {
        for (boolean refine : new boolean[] {true, false}) {
            LineMergeResult r = LineMerge.merge(t.get(0), t.get(1), t.get(2),
                    LineMergeOptions.DEFAULT.withRefineConflicts(refine));
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

    @Property(tries = 300, seed = "20240611")
    void stable_hunks_say_truthfully_which_side_changed(@ForAll("triples") List<String> t) {
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

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> line = Arbitraries.of("a", "b", "c", "d", "e", "", "-", "x1");
        return Combinators.combine(line.list().ofMaxSize(12), Arbitraries.of(true, true, false))
                .as((lines, finalNewline) -> join(lines, finalNewline));
    }

    /** A base and two sides made by editing it, so that sides share lines with the base. */
    @Provide
    Arbitrary<List<String>> triples() {
        Arbitrary<String> line = Arbitraries.of("a", "b", "c", "d", "", "-", "Z", "Y");
        Arbitrary<List<String>> base = line.list().ofMaxSize(12);
        return base.flatMap(b -> Combinators.combine(edited(b, line), edited(b, line), Arbitraries.of(true, false))
                .as((y, th, nl) -> List.of(join(b, true), join(y, nl), join(th, true))));
    }

    private static Arbitrary<List<String>> edited(List<String> base, Arbitrary<String> line) {
        // Each base line is kept, dropped, replaced, or followed by an insertion.
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 5);
        return Combinators.combine(op.list().ofSize(base.size() + 1), line.list().ofSize(base.size() + 1))
                .as((ops, news) -> {
                    java.util.ArrayList<String> out = new java.util.ArrayList<>();
                    for (int i = 0; i <= base.size(); i++) {
                        int o = ops.get(i);
                        if (i < base.size()) {
                            if (o == 1) {
                                continue;
                            }
                            out.add(o == 2 ? news.get(i) : base.get(i));
                        }
                        if (o == 3) {
                            out.add(news.get(i));
                        }
                    }
                    return out;
                });
    }

    private static String join(List<String> lines, boolean finalNewline) {
        if (lines.isEmpty()) {
            return "";
        }
        String s = String.join("\n", lines);
        return finalNewline ? s + "\n" : s;
    }
}
