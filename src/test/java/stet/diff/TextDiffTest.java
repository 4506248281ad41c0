package stet.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import stet.diff.TextDiff.Kind;
import stet.diff.TextDiff.Line;
import stet.diff.TextDiff.Segment;

class TextDiffTest {

    /** A line written as text with [-removed-] and {+added+} marks. */
    static String show(Line line) {
        return line.segments().stream().map(s -> switch (s.kind()) {
            case SAME -> s.text();
            case ADDED -> "{+" + s.text() + "+}";
            case REMOVED -> "[-" + s.text() + "-]";
        }).collect(Collectors.joining());
    }

    static List<String> show(List<Line> lines) {
        return lines.stream().map(TextDiffTest::show).toList();
    }

    @Test
    void unchanged_lines_stay_plain_and_changed_words_are_marked() {
        List<Line> lines = TextDiff.inline("one\nthe red fox\nthree\n", "one\nthe blue fox\nthree\n");
        assertThat(show(lines)).containsExactly("one", "the [-red-]{+blue+} fox", "three");
        assertThat(lines.get(0).kind()).isEqualTo(Kind.SAME);
        assertThat(lines.get(1).kind()).isNull();
    }

    @Test
    void whole_lines_added_and_removed() {
        List<Line> lines = TextDiff.inline("a\nb\nc\n", "a\nc\nd\n");
        assertThat(show(lines)).containsExactly("a", "[-b-]", "c", "{+d+}");
        assertThat(lines.get(1).kind()).isEqualTo(Kind.REMOVED);
        assertThat(lines.get(3).kind()).isEqualTo(Kind.ADDED);
    }

    @Test
    void side_by_side_pairs_changed_lines() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("x = 1\nkeep\n", "x = 2\nkeep\nnew\n");
        assertThat(rows).hasSize(3);
        assertThat(show(rows.get(0).left())).isEqualTo("x = [-1-]");
        assertThat(show(rows.get(0).right())).isEqualTo("x = {+2+}");
        assertThat(rows.get(2).left()).isNull();
        assertThat(show(rows.get(2).right())).isEqualTo("{+new+}");
    }

    @Test
    void markup_stays_text_in_segments() {
        List<Line> lines = TextDiff.inline("", "<script>alert(1)</script>");
        assertThat(lines.get(0).segments()).containsExactly(new Segment(Kind.ADDED, "<script>alert(1)</script>"));
    }

    @Test
    void empty_texts_have_no_lines() {
        assertThat(TextDiff.inline("", "")).isEmpty();
        assertThat(TextDiff.plain("a\n\nb")).hasSize(3);
    }

    @Test
    void whole_values_are_replaced_not_diffed_in_fragments() {
        assertThat(show(TextDiff.inline("249.9", "229.9"))).containsExactly("[-249-]{+229+}.9");
        assertThat(show(TextDiff.wholeValuesInline("249.9", "229.9"))).isEqualTo("[-249.9-] → {+229.9+}");
        TextDiff.Row row = TextDiff.wholeValues("249.9", "229.9");
        assertThat(show(row.left())).isEqualTo("[-249.9-]");
        assertThat(show(row.right())).isEqualTo("{+229.9+}");
    }

    @Test
    void a_whole_value_set_or_cleared_shows_only_the_side_that_has_one() {
        assertThat(show(TextDiff.wholeValuesInline("", "2026-01-15"))).isEqualTo("{+2026-01-15+}");
        assertThat(show(TextDiff.wholeValuesInline("used", ""))).isEqualTo("[-used-]");
        assertThat(TextDiff.wholeValues("", "5").left()).isNull();
        assertThat(TextDiff.wholeValues("5", "").right()).isNull();
    }

    @Test
    void a_line_break_added_or_removed_at_the_end_is_a_marked_line_of_its_own() {
        List<Line> added = TextDiff.inline("a\nb", "a\nb\n");
        assertThat(show(added)).containsExactly("a", "b", "{+(line break at the end)+}");
        assertThat(added.get(2).css()).isEqualTo("added note");

        List<TextDiff.Row> rows = TextDiff.sideBySide("a\nb\n", "a\nc");
        assertThat(rows).hasSize(3);
        assertThat(show(rows.get(1).right())).isEqualTo("{+c+}");
        assertThat(show(rows.get(2).left())).isEqualTo("[-(line break at the end)-]");
        assertThat(rows.get(2).right()).isNull();

        assertThat(TextDiff.inline("a\nb\n", "a\nc\n")).noneMatch(line -> line.css().contains("note"));
        assertThat(TextDiff.inline("", "a\n")).noneMatch(line -> line.css().contains("note"));
    }

    @Test
    void a_line_joined_into_the_previous_one_is_shown_as_changed_not_same() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("a \nb\n\n", "a\tb\n\n");
        assertThat(rows).hasSize(3);
        assertThat(show(rows.get(0).left())).isEqualTo("a[- -]");
        assertThat(show(rows.get(0).right())).isEqualTo("a{+\t+}b");
        // Its words stayed, but the line break before it went: the line is changed, not the same.
        assertThat(show(rows.get(1).left())).isEqualTo("b");
        assertThat(rows.get(1).left().css()).isEqualTo("changed");
        assertThat(rows.get(1).right()).isNull();
        assertThat(rows.get(2).left().kind()).isEqualTo(Kind.SAME);
    }

    @Test
    void inline_a_line_joined_into_the_previous_one_is_shown_once_in_the_joined_line() {
        List<Line> joined = TextDiff.inline("a \nb\n\n", "a\tb\n\n");
        assertThat(joined).extracting(TextDiffTest::show).containsExactly("a[- -]{+\t+}b", "");

        // Split again: the old line with its removed tab, then the new line.
        List<Line> split = TextDiff.inline("a\tb\n", "a \nb\n");
        assertThat(split).extracting(TextDiffTest::show).containsExactly("a[-\t-]{+ +}", "b");
    }

    @Test
    void an_empty_line_joined_away_is_shown_as_removed() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("x\n\ny\n", "x y\n");
        assertThat(rows).extracting(row -> row.left() == null ? null : row.left().css())
                .containsExactly("changed", "removed", "changed");
    }

    /** The text one side of the rows shows. */
    private static String text(java.util.stream.Stream<Line> lines) {
        return lines.filter(Objects::nonNull)
                .map(line -> line.segments().stream().map(Segment::text).collect(Collectors.joining()) + "\n")
                .collect(Collectors.joining());
    }

    /** "head", then {@code n} numbered lines in the order {@code order} gives, then "tail". */
    private static String numbered(List<Integer> order) {
        StringBuilder text = new StringBuilder("head\n");
        order.forEach(i -> text.append(String.format("line %06d\n", i)));
        return text.append("tail\n").toString();
    }

    @Test
    void texts_too_different_to_search_within_the_budget_show_their_differing_lines_as_one_changed_block() {
        List<Integer> reversed = new ArrayList<>();
        for (int i = 5_000; i > 0; i--) {
            reversed.add(i);
        }
        List<Integer> shuffled = new ArrayList<>(reversed);
        Collections.shuffle(shuffled, new Random(3));
        String from = numbered(reversed);
        String to = numbered(shuffled);
        DiffWork work = DiffWork.of(TextDiff.WORK_BUDGET);

        List<TextDiff.Row> rows = TextDiff.sideBySide(from, to, work);

        // Unbounded, java-diff-utils' Myers takes about 137 million steps on these texts.
        assertThat(work.spent()).isLessThanOrEqualTo(TextDiff.WORK_BUDGET);
        assertThat(show(rows.get(0).left())).isEqualTo("head");
        assertThat(rows.get(0).left().kind()).isEqualTo(Kind.SAME);
        assertThat(show(rows.get(rows.size() - 1).right())).isEqualTo("tail");
        assertThat(rows.get(rows.size() - 1).right().kind()).isEqualTo(Kind.SAME);
        List<TextDiff.Row> between = rows.subList(1, rows.size() - 1);
        assertThat(between).allMatch(row -> row.left() == null || row.left().kind() == Kind.REMOVED);
        assertThat(between).allMatch(row -> row.right() == null || row.right().kind() == Kind.ADDED);
        // Each side shows its text's lines in order, none lost.
        assertThat(text(rows.stream().map(TextDiff.Row::left))).isEqualTo(from);
        assertThat(text(rows.stream().map(TextDiff.Row::right))).isEqualTo(to);
    }
}
