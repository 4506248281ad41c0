package stet.merge;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merge of a whole record: the merged values and, per field, what happened. Immutable.
 *
 * @param merged the merged values by key; a key is absent when its merged value is empty, as in
 *               the inputs. For conflicting fields it holds the proposal
 *               ({@link FieldMerge#merged()}), so it is only fit to save when {@link #clean()}
 * @param fields every field that appears in the definitions or in any of the three inputs:
 *               defined fields in definition order, then the others by key
 */
public record RecordMergeResult(Map<String, String> merged, List<FieldMerge> fields) {

    public RecordMergeResult {
        merged = Map.copyOf(merged);
        fields = List.copyOf(fields);
    }

    /** Whether no field conflicts, so that {@link #merged()} can be saved as it is. */
    public boolean clean() {
        return fields.stream().noneMatch(FieldMerge::isConflict);
    }

    public List<FieldMerge> conflicts() {
        return fields.stream().filter(FieldMerge::isConflict).toList();
    }

    public Optional<FieldMerge> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The merged value of a key, "" when empty or unknown. */
    public String value(String key) {
        return merged.getOrDefault(key, "");
    }
}
