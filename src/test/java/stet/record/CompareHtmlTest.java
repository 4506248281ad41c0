package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import stet.diff.TextDiff;

class CompareHtmlTest {

    @Test
    void side_by_side_rows_mark_what_only_the_older_had_as_del_and_what_only_the_newer_has_as_ins() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("same\nprice 10\ngone\n", "same\nprice 12\n");

        assertThat(CompareHtml.sideBySide(rows).toString()).isEqualTo(
                "<tr><td><span class=\"line same\">same</span></td><td><span class=\"line same\">same</span></td></tr>"
                        + "<tr><td><span class=\"line changed\">price <del>10</del></span></td>"
                        + "<td><span class=\"line changed\">price <ins>12</ins></span></td></tr>"
                        + "<tr><td><span class=\"line removed\"><del>gone</del></span></td><td></td></tr>");
    }

    @Test
    void the_inline_view_writes_each_line_once_with_a_line_break_after_it() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("a\nb\n", "a\nc\n");

        String html = CompareHtml.inline(TextDiff.inline(rows)).toString();

        assertThat(html).startsWith("<span class=\"line same\">a</span>\n").endsWith("</span>\n")
                .contains("<del>b</del>").contains("<ins>c</ins>");
        assertThat(html.split("\n", -1)).hasSize(TextDiff.inline(rows).size() + 1);
    }

    @Test
    void what_a_user_typed_is_text_in_a_comparison_never_markup() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("<b>old</b>\n", "<img src=x onerror='alert(1)'>\n");

        assertThat(CompareHtml.sideBySide(rows).toString() + CompareHtml.inline(TextDiff.inline(rows)))
                .doesNotContain("<b>").doesNotContain("<img").contains("img src=x onerror=&#39;alert(1)&#39;");
    }
}
