package stet.imports;

import java.util.List;
import java.util.Map;

/**
 * One row of an import, as the preview classified it and as apply dealt with it.
 *
 * @param line its line in the file (the header is line 1; a row whose cell spans lines counts as one)
 * @param outcome what the preview found it would do
 * @param conflict for a stale row, whether its merge conflicts
 * @param recordId the record it updates, or (after apply) the one it created; null for a new row before apply
 * @param baseVersion the version it starts from: its {@code _version}, or the version the preview saw
 * @param input its cells as in the file, by column
 * @param messages why it is invalid, per field key (or {@code _id}, {@code _version}, {@code _row}); empty when valid
 * @param changes what it changes, field by field (for a stale row with a clean merge: the merge's)
 * @param conflicts for a conflicting stale row, the keys whose merge conflicts
 * @param result what apply did with it, or null before
 * @param appliedVersion the version apply wrote (1 for a created record), or null
 * @param resultMessage why apply did not write it, or null
 */
public record ImportRow(
        int line,
        RowOutcome outcome,
        boolean conflict,
        Long recordId,
        Integer baseVersion,
        Map<String, String> input,
        Map<String, String> messages,
        List<Change> changes,
        List<String> conflicts,
        RowResult result,
        Integer appliedVersion,
        String resultMessage) {

    public ImportRow {
        input = Map.copyOf(input);
        messages = Map.copyOf(messages);
        changes = List.copyOf(changes);
        conflicts = List.copyOf(conflicts);
    }

    /** One field's value before (null: empty) and after (null: empty). */
    public record Change(String key, String before, String after) {}
}
