package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import stet.diff.TextDiff;

class RegionsTest {

    /** "L1\nL2\n…\nLn\n". */
    static String numbered(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append('L').append(i).append('\n');
        }
        return text.toString();
    }

    /** A region as "show[L1, L2]" or "fold[L3..L9]": the lines' new text, in one line. */
    static List<String> describe(List<Regions.Region<TextDiff.Line>> regions) {
        List<String> out = new ArrayList<>();
        for (Regions.Region<TextDiff.Line> region : regions) {
            List<String> texts = region.lines().stream()
                    .map(line -> String.join("", line.segments().stream()
                            .filter(segment -> segment.kind() != TextDiff.Kind.REMOVED)
                            .map(TextDiff.Segment::text)
                            .toList()))
                    .toList();
            out.add(region.folded() ? "fold[" + texts.get(0) + ".." + texts.get(texts.size() - 1) + "]"
                    : "show" + texts);
        }
        return out;
    }

    @Test
    void a_change_in_the_middle_shows_two_lines_of_context_and_folds_the_rest() {
        String theirs = numbered(20).replace("L10\n", "ten\n");

        List<Regions.Region<TextDiff.Line>> regions = Regions.ofDiff(TextDiff.inline(numbered(20), theirs));

        assertThat(describe(regions)).containsExactly("fold[L1..L7]", "show[L8, L9, ten, L11, L12]", "fold[L13..L20]");
        assertThat(regions.get(0).summary()).isEqualTo("… 7 unchanged lines");
        assertThat(regions.get(2).summary()).isEqualTo("… 8 unchanged lines");
    }

    @Test
    void runs_shorter_than_three_lines_are_shown_not_folded() {
        // Changes at 2 and 8: lines 5 and 6 lie outside both contexts, but two lines are not worth a fold.
        String theirs = numbered(10).replace("L2\n", "two\n").replace("L8\n", "eight\n");

        assertThat(describe(Regions.ofDiff(TextDiff.inline(numbered(10), theirs))))
                .containsExactly("show[L1, two, L3, L4, L5, L6, L7, eight, L9, L10]");
    }

    @Test
    void the_original_folds_away_from_what_either_side_changed_and_around_insertions() {
        String original = numbered(30);
        String theirs = original.replace("L5\n", "five\n");
        String yours = original.replace("L25\n", "L25\nafter 25\n");

        List<String> shown = describe(Regions.ofOriginal(original,
                List.of(TextDiff.sideBySide(original, theirs), TextDiff.sideBySide(original, yours))));

        // 1–2 and 29–30 lie outside the context, but are too short to fold.
        assertThat(shown).containsExactly("show[L1, L2, L3, L4, L5, L6, L7]", "fold[L8..L22]",
                "show[L23, L24, L25, L26, L27, L28, L29, L30]");
    }

    @Test
    void merged_lines_between_conflicts_keep_two_lines_next_to_each_conflict() {
        List<String> lines = MergePage.linesOf(numbered(9));

        List<Regions.Region<String>> between = Regions.between(lines, true, true);
        List<Regions.Region<String>> before = Regions.between(lines, false, true);

        assertThat(between).extracting(Regions.Region::folded).containsExactly(false, true, false);
        assertThat(between.get(0).lines()).containsExactly("L1\n", "L2\n");
        assertThat(between.get(1).lines()).hasSize(5);
        assertThat(between.get(2).lines()).containsExactly("L8\n", "L9\n");
        assertThat(before).extracting(Regions.Region::folded).containsExactly(true, false);
        assertThat(before.get(1).lines()).containsExactly("L8\n", "L9\n");
    }

    @Test
    void a_text_without_a_final_line_break_keeps_its_last_line() {
        assertThat(MergePage.linesOf("a\nb")).containsExactly("a\n", "b");
        assertThat(MergePage.linesOf("")).isEmpty();
    }

    @Test
    void grouping_joins_neighbouring_shown_runs() {
        BitSet shown = new BitSet();
        shown.set(0);
        shown.set(3);

        List<Regions.Region<String>> regions = Regions.group(List.of("a", "b", "c", "d"), shown);

        assertThat(regions).containsExactly(new Regions.Region<>(false, List.of("a", "b", "c", "d")));
    }
}
