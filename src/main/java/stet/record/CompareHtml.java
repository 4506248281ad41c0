package stet.record;

import java.util.List;
import stet.diff.TextDiff;
import stet.web.Html;

/**
 * A compared field's lines as the compare page and the revert and undo previews show them:
 * what only the older version had is {@code <del>}, what only the newer has is
 * {@code <ins>}. Written in Java, as the merge page's panes are ({@link PaneHtml}): a long
 * text has thousands of lines, and Thymeleaf's work per line and per segment dominated the page.
 */
final class CompareHtml {

    private CompareHtml() {}

    /** The table rows of the side-by-side view: the older line, then the newer (an empty cell where a side has none). */
    static Html sideBySide(List<TextDiff.Row> rows) {
        Html html = new Html(64 + 96 * rows.size());
        for (TextDiff.Row row : rows) {
            html.open("tr");
            cell(html, row.left());
            cell(html, row.right());
            html.close("tr");
        }
        return html;
    }

    /** The lines of the inline view, each ending in a line break. */
    static Html inline(List<TextDiff.Line> lines) {
        Html html = new Html(64 + 64 * lines.size());
        for (TextDiff.Line line : lines) {
            line(html, line);
            html.text("\n");
        }
        return html;
    }

    private static void cell(Html html, TextDiff.Line line) {
        html.open("td");
        if (line != null) {
            line(html, line);
        }
        html.close("td");
    }

    private static void line(Html html, TextDiff.Line line) {
        html.open("span", "class", "line " + line.css());
        for (TextDiff.Segment segment : line.segments()) {
            switch (segment.kind()) {
                case ADDED -> html.element("ins", segment.text());
                case REMOVED -> html.element("del", segment.text());
                case SAME -> html.text(segment.text());
            }
        }
        html.close("span");
    }
}
