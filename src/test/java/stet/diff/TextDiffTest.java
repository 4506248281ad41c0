package stet.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
