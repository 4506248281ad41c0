package stet.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import stet.record.RecordService;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * What the preview shows of each row: its outcome, the record it touches, what it changes
 * field by field, why it is invalid, and for a stale row the three-way view (the record
 * at the row's {@code _version}, as saved since, and the row) of every field that either
 * side changed, conflicts marked. Built as maps, which templates read cheaply.
 */
public final class ImportRowViews {

    private final RecordService records;

    public ImportRowViews(RecordService records) {
        this.records = records;
    }

    /** The views of {@code rows}, in their order. */
    List<Map<String, Object>> of(Collection collection, List<ImportRow> rows) {
        List<Long> stale = rows.stream().filter(r -> r.outcome() == RowOutcome.STALE && r.recordId() != null)
                .map(ImportRow::recordId).toList();
        Map<Long, StoredRecord> current = stale.isEmpty() ? Map.of() : records.find(stale);
        List<Map<String, Object>> views = new ArrayList<>(rows.size());
        for (ImportRow row : rows) {
            views.add(view(collection, row, row.recordId() == null ? null : current.get(row.recordId())));
        }
        return views;
    }

    private Map<String, Object> view(Collection collection, ImportRow row, StoredRecord current) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("line", row.line());
        view.put("testid", "import-row-" + row.line());
        view.put("outcome", row.outcome().dbName());
        view.put("label", label(row));
        view.put("recordHref", row.recordId() == null ? null : "/records/" + row.recordId());
        view.put("recordText", row.recordId() == null ? "" : "#" + row.recordId());
        view.put("changes", row.changes().stream().map(c -> Map.of(
                "label", label(collection, c.key()),
                "before", c.before() == null ? "" : c.before(),
                "after", c.after() == null ? "" : c.after())).toList());
        view.put("messages", row.messages().entrySet().stream().map(e -> Map.of(
                "label", label(collection, e.getKey()), "message", e.getValue())).toList());
        view.put("merge", row.outcome() == RowOutcome.STALE && current != null ? merge(collection, row, current) : List.of());
        view.put("result", row.result() == null ? null : row.result().dbName());
        view.put("resultMessage", row.resultMessage());
        view.put("revisionHref", row.appliedVersion() == null || row.recordId() == null ? null
                : "/records/" + row.recordId() + "/revisions/" + row.appliedVersion());
        view.put("revisionText", row.appliedVersion() == null ? "" : "version " + row.appliedVersion());
        return view;
    }

    private static String label(ImportRow row) {
        return switch (row.outcome()) {
            case NEW -> "new";
            case CHANGED -> "changed";
            case UNCHANGED -> "unchanged";
            case INVALID -> "invalid";
            case STALE -> row.conflict() ? "stale: conflicts" : "stale: merges cleanly";
        };
    }

    /**
     * The three-way view of a stale row: every field the row or the record's later versions
     * changed from the row's base version, with the three values and whether it conflicts.
     */
    private List<Map<String, Object>> merge(Collection collection, ImportRow row, StoredRecord current) {
        Map<String, String> original = records.revision(row.recordId(), row.baseVersion()).data();
        Set<String> keys = new LinkedHashSet<>();
        for (FieldDef field : collection.fields()) {
            String key = field.key();
            String base = original.getOrDefault(key, "");
            boolean theirs = !base.equals(current.data().getOrDefault(key, ""));
            boolean yours = row.input().containsKey(key) && !base.equals(row.input().get(key));
            if (theirs || yours || row.conflicts().contains(key)) {
                keys.add(key);
            }
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String key : keys) {
            fields.add(Map.of(
                    "label", label(collection, key),
                    "original", original.getOrDefault(key, ""),
                    "theirs", current.data().getOrDefault(key, ""),
                    "yours", row.input().getOrDefault(key, original.getOrDefault(key, "")),
                    "conflict", row.conflicts().contains(key)));
        }
        return fields;
    }

    private static String label(Collection collection, String key) {
        return collection.field(key).map(FieldDef::label).orElse(key);
    }
}
