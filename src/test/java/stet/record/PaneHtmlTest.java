package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import stet.diff.TextDiff;
import stet.diff.TextDiff.Kind;
import stet.diff.TextDiff.Line;
import stet.diff.TextDiff.Segment;

class PaneHtmlTest {

    @Test
    void a_pane_writes_each_line_with_its_kind_and_segments_and_folds_unchanged_runs_into_details() {
        List<Regions.Region<Line>> regions = List.of(
                new Regions.Region<>(false, List.of(new Line(Kind.SAME, List.of(new Segment(Kind.SAME, "kept"))))),
                new Regions.Region<>(true, List.of(new Line(Kind.SAME, List.of(new Segment(Kind.SAME, "a"))),
                        new Line(Kind.SAME, List.of(new Segment(Kind.SAME, "b"))),
                        new Line(Kind.SAME, List.of(new Segment(Kind.SAME, "c"))))),
                new Regions.Region<>(false, List.of(new Line(null, List.of(new Segment(Kind.SAME, "price "),
                        new Segment(Kind.REMOVED, "10"), new Segment(Kind.ADDED, "12"))),
                        new Line(Kind.ADDED, List.of(), true))));

        assertThat(PaneHtml.of(regions).toString()).isEqualTo(
                "<div class=\"diff\" data-testid=\"diff-text\" tabindex=\"0\">"
                        + "<pre class=\"lines\"><span class=\"line same\"><span class=\"same\">kept</span></span>\n</pre>"
                        + "<details class=\"folded\"><summary>… 3 unchanged lines</summary><pre class=\"lines\">"
                        + "<span class=\"line same\"><span class=\"same\">a</span></span>\n"
                        + "<span class=\"line same\"><span class=\"same\">b</span></span>\n"
                        + "<span class=\"line same\"><span class=\"same\">c</span></span>\n</pre></details>"
                        + "<pre class=\"lines\"><span class=\"line changed\"><span class=\"same\">price </span>"
                        + "<span class=\"removed\">10</span><span class=\"added\">12</span></span>\n"
                        + "<span class=\"line added note\"></span>\n</pre></div>");
    }

    @Test
    void what_a_user_typed_is_text_in_a_pane_never_markup() {
        String typed = "<script>alert('x')</script> & \"quoted\"";
        List<Regions.Region<Line>> regions = Regions.ofDiff(List.of(
                new Line(Kind.ADDED, List.of(new Segment(Kind.ADDED, typed)))));

        assertThat(PaneHtml.of(regions).toString())
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .doesNotContain("<script>");
    }

    @Test
    void a_pane_of_a_diffed_text_holds_every_line_of_the_side_once() {
        List<TextDiff.Row> rows = TextDiff.sideBySide("one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
        List<Line> right = rows.stream().map(TextDiff.Row::right).filter(java.util.Objects::nonNull).toList();

        String html = PaneHtml.of(Regions.ofDiff(right)).toString();

        assertThat(html.split("<span class=\"line ", -1)).hasSize(right.size() + 1);
        assertThat(html).contains(">one<").contains(">2<").contains(">three<").contains(">four<")
                .doesNotContain(">two<");
    }
}
