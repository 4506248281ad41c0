package stet.record;

import java.util.List;
import stet.diff.TextDiff;
import stet.web.Html;

/**
 * One pane of the merge page (the original, theirs or yours): its lines with their diff
 * highlights, runs of unchanged lines folded into {@code <details>}. Written in Java, as
 * the list's rows are: a long text has tens of thousands of lines in each of three panes,
 * and Thymeleaf's work per line and per segment made such a page take seconds.
 */
final class PaneHtml {

    private PaneHtml() {}

    /**
     * {@code <div class="diff">} holding the regions. A long pane scrolls: {@code tabindex}
     * lets a keyboard reach it to scroll it (axe: scrollable-region-focusable).
     */
    static Html of(List<Regions.Region<TextDiff.Line>> regions) {
        Html html = new Html(estimatedSize(regions));
        html.open("div", "class", "diff", "data-testid", "diff-text", "tabindex", "0");
        for (Regions.Region<TextDiff.Line> region : regions) {
            if (region.folded()) {
                html.open("details", "class", "folded").element("summary", region.summary());
            }
            html.open("pre", "class", "lines");
            for (TextDiff.Line line : region.lines()) {
                html.open("span", "class", "line " + line.css());
                for (TextDiff.Segment segment : line.segments()) {
                    html.element("span", segment.text(), "class", segment.kind().css());
                }
                html.close("span").text("\n");
            }
            html.close("pre");
            if (region.folded()) {
                html.close("details");
            }
        }
        return html.close("div");
    }

    private static int estimatedSize(List<Regions.Region<TextDiff.Line>> regions) {
        long size = 64;
        for (Regions.Region<TextDiff.Line> region : regions) {
            size += 64 + 64L * region.lines().size();
            for (TextDiff.Line line : region.lines()) {
                for (TextDiff.Segment segment : line.segments()) {
                    size += 24 + segment.text().length();
                }
            }
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }
}
