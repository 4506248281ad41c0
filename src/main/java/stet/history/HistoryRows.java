package stet.history;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.record.Revision;

/**
 * The rows of the history table, formatted in Java: the template prints them with one
 * cheap expression per cell. Each row is a map because the template reads a map entry
 * far more cheaply than OGNL calls a record's method (it looks the method up and checks
 * it on every call), and a history page has 50 rows.
 */
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

    private HistoryRows() {}

    static List<Map<String, Object>> of(long recordId, List<Revision> revisions, FieldLabels labels, Selection selection,
            Instant now) {
        return revisions.stream().map(rev -> row(recordId, rev, labels, selection, now)).toList();
    }

    private static Map<String, Object> row(long recordId, Revision rev, FieldLabels labels, Selection selection,
            Instant now) {
        String version = Integer.toString(rev.version());
        Map<String, Object> row = new HashMap<>();
        row.put("version", version);
        row.put("testid", "revision-" + version);
        row.put("kind", rev.kind().dbName());
        row.put("href", "/records/" + recordId + "/revisions/" + version);
        row.put("viewTestid", "view-revision-" + version);
        row.put("label", rev.kind().label());
        row.put("merge", rev.mergedVersion() == null ? null
                : "(from version " + rev.baseVersion() + " with " + rev.mergedVersion() + ")");
        row.put("author", rev.authorName());
        row.put("time", When.of(rev.createdAt(), now));
        row.put("changed", labels.join(rev.changedFields()));
        row.put("comment", rev.comment());
        row.put("compareHref", rev.version() > 1
                ? "/records/" + recordId + "/compare?from=" + (rev.version() - 1) + "&to=" + version : null);
        // The newest version is never the older of a pair, the first never the newer.
        boolean from = rev.version() < selection.latest();
        row.put("fromTestid", from ? "compare-from-" + version : null);
        row.put("fromLabel", "From version " + version);
        row.put("fromChecked", rev.version() == selection.from());
        boolean to = rev.version() > 1;
        row.put("toTestid", to ? "compare-to-" + version : null);
        row.put("toLabel", "To version " + version);
        row.put("toChecked", rev.version() == selection.to());
        return row;
    }
}
