package stet.history;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.record.Revision;
import stet.schema.Collection;

/**
 * The rows of the audit log, formatted in Java like {@link HistoryRows}: each names the
 * record by its title ("Espresso machine", or "#3" when it has none), its collection by
 * name and the changed fields by label, and links to the change itself.
 */
final class AuditRows {

    private AuditRows() {}

    /** The rows of {@code entries}; {@code collections} by id, for the fields' labels. */
    static List<Map<String, Object>> of(List<AuditEntry> entries, Map<Long, Collection> collections, Instant now) {
        Map<Long, FieldLabels> labels = new HashMap<>();
        return entries.stream().map(e -> row(e, labels.computeIfAbsent(e.collectionId(), id -> labels(collections, id)), now))
                .toList();
    }

    private static FieldLabels labels(Map<Long, Collection> collections, long id) {
        Collection collection = collections.get(id);
        return collection == null ? new FieldLabels(List.of()) : new FieldLabels(collection.fields());
    }

    private static Map<String, Object> row(AuditEntry e, FieldLabels labels, Instant now) {
        String record = "/records/" + e.recordId();
        String version = Integer.toString(e.version());
        Map<String, Object> row = new HashMap<>();
        row.put("testid", "audit-" + e.recordId() + "-" + version);
        row.put("kind", e.kind().dbName());
        row.put("time", When.of(e.createdAt(), now));
        row.put("author", e.authorName());
        row.put("label", e.kind().label());
        row.put("recordHref", record);
        row.put("title", e.title() == null || e.title().isBlank() ? "#" + e.recordId() : e.title());
        row.put("revisionHref", record + "/revisions/" + version);
        row.put("versionText", "v" + version);
        row.put("versionTitle", "Version " + version + " as it was");
        row.put("collection", e.collectionName());
        row.put("changed", labels.join(e.changedFields()));
        row.put("comment", e.comment());
        // A change links to what it changed; a creation, and a deletion (which changes no value), to the version.
        boolean compares = e.version() > 1 && e.kind() != Revision.Kind.DELETE;
        row.put("changesHref", compares ? record + "/compare?from=" + (e.version() - 1) + "&to=" + version
                : record + "/revisions/" + version);
        row.put("changesText", compares ? "changes" : "view");
        return row;
    }
}
