package stet.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import stet.record.Revision;
import stet.web.Html;

/** The rows of the history table and the compare form's choice of versions. */
final class HistoryRows {

    /**
     * Which versions the compare form's radios offer and check.
     *
     * @param latest the record's current version: it has no "from" radio, version 1 no "to"
     * @param from the version checked in the "from" column
     * @param to the version checked in the "to" column
     */
    record Selection(int latest, int from, int to) {

        /**
         * The usual pair on a page whose first (newest) rows are {@code shown}: the newest
         * row and the one before it, as MediaWiki checks them.
         */
        static Selection defaults(int latest, List<Revision> shown) {
            int to = shown.isEmpty() ? latest : shown.get(0).version();
            return new Selection(latest, shown.size() > 1 ? shown.get(1).version() : to - 1, to);
        }
    }

    /** About the characters of a row's markup, so that the page's builder is sized once. */
    private static final int ROW_SIZE = 1_024;

    private HistoryRows() {}

    /**
     * The table's rows, written in Java and escaped by {@link Html}: Thymeleaf's work per
     * element and expression, repeated for 50 rows of nine cells, was most of the page's.
     * A row: the two compare radios (none where the version cannot be that end of a pair),
     * the version's link, the change (and its merge), the author, the time, the fields
     * changed, the comment, the link to its changes.
     */
    static Html of(long recordId, List<Revision> revisions, FieldLabels labels, Selection selection, Instant now) {
        Html html = new Html(revisions.size() * ROW_SIZE);
        String record = "/records/" + recordId;
        for (Revision rev : revisions) {
            row(html, record, rev, labels, selection, now);
        }
        return html;
    }

    /** {@code record} is the record's path. */
    private static void row(Html html, String record, Revision rev, FieldLabels labels, Selection selection, Instant now) {
        String version = Integer.toString(rev.version());
        html.open("tr", "data-testid", "revision-" + version, "data-kind", rev.kind().dbName());
        // The newest version is never the older of a pair, the first never the newer.
        radio(html, "from", version, rev.version() < selection.latest(), rev.version() == selection.from(), "From");
        radio(html, "to", version, rev.version() > 1, rev.version() == selection.to(), "To");
        html.open("td")
                .element("a", version, "href", record + "/revisions/" + version,
                        "data-testid", "view-revision-" + version)
                .close("td");
        html.open("td").element("span", rev.kind().label());
        if (rev.mergedVersion() != null) {
            html.text(" ").element("span", "(from version " + rev.baseVersion() + " with " + rev.mergedVersion() + ")",
                    "class", "muted", "data-testid", "merge-info");
        }
        html.close("td");
        html.element("td", rev.authorName());
        Map<String, String> when = When.of(rev.createdAt(), now);
        html.open("td").element("time", when.get("ago"), "class", "when", "datetime", when.get("iso"),
                "title", when.get("exact")).close("td");
        html.element("td", labels.join(rev.changedFields()), "data-testid", "fields-changed");
        html.element("td", rev.comment());
        html.open("td");
        if (rev.version() > 1) {
            html.element("a", "changes", "href",
                    record + "/compare?from=" + (rev.version() - 1) + "&to=" + version,
                    "data-testid", "compare-link");
        }
        html.close("td").close("tr");
    }

    /** A compare radio's cell: the radio for {@code end} ("from" or "to"), when the version can be that end. */
    private static void radio(Html html, String end, String version, boolean offered, boolean checked, String label) {
        html.open("td", "class", "pick");
        if (offered) {
            html.open("input", "type", "radio", "name", end, "value", version, "checked", checked ? "checked" : null,
                    "data-testid", "compare-" + end + "-" + version, "aria-label", label + " version " + version);
        }
        html.close("td");
    }
}
