package stet.schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A collection: a named, versioned list of typed fields, and the records that follow
 * it. The definition is saved with the same optimistic version check as records.
 *
 * @param confirmMerges whether a clean automatic merge waits for the user's confirmation
 *     instead of being saved at once
 * @param leasing how its records are leased while someone edits them
 */
public record Collection(
        long id, String slug, String name, List<FieldDef> fields, boolean confirmMerges, Leasing leasing, int version,
        OffsetDateTime updatedAt) {

    /** The keys of the fields a search reads, in their order: the text and longtext fields (see V29). */
    public static List<String> searchKeys(List<FieldDef> fields) {
        return fields.stream()
                .filter(f -> f.type() == FieldType.TEXT || f.type() == FieldType.LONGTEXT)
                .map(FieldDef::key)
                .toList();
    }


    public Collection {
        fields = List.copyOf(fields);
    }

    public Optional<FieldDef> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** What to call a record: its title field's value, or "Record #id". */
    public String titleOf(long recordId, java.util.Map<String, String> data) {
        return titleField()
                .map(f -> data.get(f.key()))
                .filter(v -> v != null && !v.isBlank())
                .orElse("Record #" + recordId);
    }

    /** The fields shown as columns in a record list: the first few. */
    public List<FieldDef> listFields() {
        return fields.stream().filter(f -> f.type() != FieldType.LONGTEXT).limit(5).toList();
    }

    /** The field whose value names a record in lists and titles: the first text field. */
    public Optional<FieldDef> titleField() {
        return fields.stream().filter(f -> f.type() == FieldType.TEXT).findFirst();
    }
}
