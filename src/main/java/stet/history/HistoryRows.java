package stet.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.record.Revision;
import stet.web.Format;

/**
 * The rows of the history table, formatted in Java: the template prints them with one
 * cheap expression per cell. Each row is a map because the template reads a map entry
 * far more cheaply than OGNL calls a record's method (it looks the method up and checks
 * it on every call), and a history page has 50 rows.
 */
final class HistoryRows {

    private static final Format FORMAT = new Format();

    private HistoryRows() {}

    static List<Map<String, Object>> of(long recordId, List<Revision> revisions) {
        return revisions.stream().map(rev -> row(recordId, rev)).toList();
    }

    private static Map<String, Object> row(long recordId, Revision rev) {
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
        row.put("time", FORMAT.time(rev.createdAt()));
        row.put("changed", rev.changedFields() == null ? "" : String.join(", ", rev.changedFields()));
        row.put("comment", rev.comment());
        row.put("compareHref", rev.version() > 1
                ? "/records/" + recordId + "/compare?from=" + (rev.version() - 1) + "&to=" + version : null);
        return row;
    }
}
