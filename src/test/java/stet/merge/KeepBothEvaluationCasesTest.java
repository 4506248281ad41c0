package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Cases found by the issue 15 evaluation (docs/benchmarks.md, "Resolving conflicts"), where
 * "keep both" lost against plain concatenation or repeated a line both sides share; each
 * failed before {@link BothSides} learnt about slid insertions and items of one thing.
 *
 * <p>Slid insertions, 134 of 315 "two methods inserted at one place" triples cut from the
 * JDK's sources: the diff slides each side's inserted method so that the region starts inside its javadoc
 * and ends with the next member's {@code /**} line. The two blocks then end alike ("    }",
 * the blank line, "    /**") although nothing there was added by both sides: each side added
 * its own copy. "Keep both" wrote those lines once and so dropped the first method's closing
 * brace and blank line; plain concatenation of the two sides is right.
 */
class KeepBothEvaluationCasesTest {

    private static final String HEAD = "class A {\n\n";
    private static final String TAIL = "    /**\n     * z\n     */\n    void z() {\n    }\n}\n";
    private static final String X = "    /**\n     * x\n     */\n    void x() {\n    }\n\n";
    private static final String Y = "    /**\n     * y\n     */\n    void y() {\n    }\n\n";

    @Test
    void keeping_both_of_two_methods_inserted_at_one_place_keeps_both_whole() {
        LineMergeResult merge = LineMerge.merge(HEAD + TAIL, HEAD + X + TAIL, HEAD + Y + TAIL);

        assertThat(merge.regions()).hasSize(1);
        assertThat(resolved(merge, Side.YOURS)).isEqualTo(HEAD + X + Y + TAIL);
        assertThat(resolved(merge, Side.THEIRS)).isEqualTo(HEAD + Y + X + TAIL);
    }

    /**
     * Both sides start the same new changelog entry with one item each (66 of 292 such triples
     * repeat the group line, the other 226 keep a blank line between the items): the entry
     * should come once, its lines each once, the items together as the changelog writes them.
     */
    @Test
    void keeping_both_items_of_the_same_new_entry_writes_the_entry_once() {
        String base = "pkg (1.0-1) unstable; urgency=medium\n\n  * Initial release.\n\n"
                + " -- Ann <ann@example.org>  Mon, 01 Jan 2024 10:00:00 +0000\n";
        String head = "pkg (1.0-2) unstable; urgency=medium\n\n  [ Ann ]\n";
        String tail = "\n -- Ann <ann@example.org>  Tue, 02 Jan 2024 10:00:00 +0000\n\n";
        String one = "  * Fix the build.\n";
        String two = "  * Update the watch file.\n";
        LineMergeResult merge = LineMerge.merge(base, head + one + tail + base, head + two + tail + base);

        assertThat(merge.regions()).hasSize(1);
        assertThat(resolved(merge, Side.YOURS)).isEqualTo(head + one + two + tail + base);
    }

    /** The whole text with the one region resolved as "both", {@code first} first. */
    private static String resolved(LineMergeResult merge, Side first) {
        ConflictRegion region = merge.regions().get(0);
        StringBuilder sb = new StringBuilder();
        for (int h = 0; h < region.firstHunk(); h++) {
            sb.append(merge.hunks().get(h).mergedText());
        }
        sb.append(region.both(first));
        for (int h = region.endHunk(); h < merge.hunks().size(); h++) {
            sb.append(merge.hunks().get(h).mergedText());
        }
        return sb.toString();
    }
}
