package stet.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import stet.merge.FieldMerge;
import stet.merge.RecordMergeResult;
import stet.record.MergeFields;
import stet.record.RecordService;
import stet.record.RequestKey;
import stet.record.StoredRecord;
import stet.record.UniqueValueTakenException;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Validation;

/**
 * Classifies a file's rows, a chunk at a time (the records a chunk names are read in one
 * query): new, changed (with the difference), unchanged, invalid (a message per field; a
 * unique value another record holds too, the chunk's looked up in one query) or
 * stale (the record changed after the row's {@code _version}: a three-way merge with the
 * row's base, clean or conflicting). Reads only; the same rules decide again at apply.
 */
final class Preview {

    private static final java.util.regex.Pattern ASCII_DIGITS = java.util.regex.Pattern.compile("[0-9]+");

    private final RecordService records;
    private final ImportStore store;
    private final Collection collection;
    private final FieldDef matchField;

    Preview(RecordService records, ImportStore store, Collection collection, FieldDef matchField) {
        this.records = records;
        this.store = store;
        this.collection = collection;
        this.matchField = matchField;
    }

    /** What a row names: a record by {@code _id}, or by its match value, or none (a new record). */
    private record Target(Long recordId, Integer version, String matchValue, Map<String, String> errors) {}

    List<ImportStore.PreviewRow> classify(List<CsvRows.Row> chunk) {
        List<Target> targets = new ArrayList<>(chunk.size());
        Set<String> matchValues = new HashSet<>();
        for (CsvRows.Row row : chunk) {
            Target target = target(row);
            targets.add(target);
            if (target.matchValue() != null) {
                matchValues.add(target.matchValue());
            }
        }
        Map<String, Long> matched = matchField == null ? Map.of()
                : store.matches(collection.id(), matchField.key(), matchValues);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (t.recordId() == null && t.matchValue() != null && matched.containsKey(t.matchValue())) {
                targets.set(i, t = new Target(matched.get(t.matchValue()), null, t.matchValue(), t.errors()));
            }
            if (t.recordId() != null) {
                ids.add(t.recordId());
            }
        }
        Map<Long, StoredRecord> current = records.find(ids);
        List<ImportStore.PreviewRow> classified = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            classified.add(classify(chunk.get(i), targets.get(i), current));
        }
        return withTakenValuesInvalid(chunk, classified);
    }

    /**
     * The rows with those that give a unique field a value another record holds made invalid,
     * as the apply's claim would find it ("'KIT-001' is already taken."): the chunk's values are
     * looked up in one statement. Values shared by rows of the file are found once every row is
     * stored ({@link ImportStore#markDuplicates}); the apply claims each value again, as it may
     * be taken meanwhile.
     */
    private List<ImportStore.PreviewRow> withTakenValuesInvalid(List<CsvRows.Row> chunk,
            List<ImportStore.PreviewRow> classified) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        classified.forEach(row -> values.addAll(row.uniqueValues().entrySet()));
        Map<Map.Entry<String, String>, Long> holders = store.uniqueHolders(collection.id(), values);
        if (holders.isEmpty()) {
            return classified;
        }
        List<ImportStore.PreviewRow> checked = new ArrayList<>(classified.size());
        for (int i = 0; i < classified.size(); i++) {
            ImportStore.PreviewRow row = classified.get(i);
            Map<String, String> errors = new LinkedHashMap<>();
            row.uniqueValues().forEach((key, value) -> {
                Long holder = holders.get(Map.entry(key, value));
                if (holder != null && !holder.equals(row.recordId())) {
                    errors.put(key, UniqueValueTakenException.message(value));
                }
            });
            checked.add(errors.isEmpty() ? row
                    : invalid(chunk.get(i), row.recordId(), row.baseVersion(), errors, row.matchValue()));
        }
        return checked;
    }

    /** Of {@code values} (per key), those of unique fields. */
    private Map<String, String> uniqueOf(Map<String, String> values) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            if (field.unique() && values.get(field.key()) != null) {
                unique.put(field.key(), values.get(field.key()));
            }
        }
        return unique;
    }

    /** The values {@code changes} give unique fields (a value emptied takes none). */
    private Map<String, String> uniqueOf(List<ImportRow.Change> changes) {
        Map<String, String> after = new HashMap<>();
        changes.forEach(c -> {
            if (c.after() != null) {
                after.put(c.key(), c.after());
            }
        });
        return uniqueOf(after);
    }

    private Target target(CsvRows.Row row) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (row.width() != row.cells().size()) {
            errors.put("_row", "Has " + cells(row.width()) + "; the header has " + row.cells().size() + "."
                    + (row.extra().isEmpty() ? "" : " The rejected rows give the cells past it after _error."));
        }
        String id = row.cells().getOrDefault(CsvRows.ID, "").strip();
        String version = row.cells().getOrDefault(CsvRows.VERSION, "").strip();
        Long recordId = null;
        Integer base = null;
        if (!id.isEmpty()) {
            recordId = positive(id, Long::parseLong);
            if (recordId == null) {
                errors.put(CsvRows.ID, "Not a record id: '" + id + "'.");
            }
        }
        if (!version.isEmpty()) {
            base = positive(version, s -> (long) Integer.parseInt(s)) == null ? null : Integer.parseInt(version);
            if (base == null) {
                errors.put(CsvRows.VERSION, "Not a version: '" + version + "'.");
            } else if (id.isEmpty()) {
                errors.put(CsvRows.VERSION, "A _version needs the _id of its record.");
            }
        }
        String matchValue = null;
        if (id.isEmpty() && matchField != null) {
            String raw = row.cells().getOrDefault(matchField.key(), "");
            // A value PostgreSQL cannot hold (a NUL) is looked up nowhere: Validation reports it on the field.
            if (!raw.isBlank() && Validation.unstorable(raw).isEmpty()) {
                try {
                    matchValue = matchField.type().canonical(raw);
                } catch (FieldType.InvalidValue e) {
                    // Validation reports it on the field.
                }
            }
        }
        return new Target(recordId, base, matchValue, errors);
    }

    private ImportStore.PreviewRow classify(CsvRows.Row row, Target target, Map<Long, StoredRecord> current) {
        Map<String, String> errors = new LinkedHashMap<>(target.errors());
        Map<String, String> fileValues = fieldCells(row.cells());
        if (target.recordId() == null) {
            Validation.Result validation = Validation.validateValues(collection, fileValues);
            errors.putAll(validation.errors());
            if (!errors.isEmpty()) {
                return invalid(row, null, null, errors, target.matchValue());
            }
            // A new row's difference is all its values: derived from its cells when shown, not stored twice.
            return new ImportStore.PreviewRow(row.line(), RowOutcome.NEW, false, null, null, row.cells(), Map.of(),
                    List.of(), List.of(), target.matchValue(), uniqueOf(validation.values()));
        }
        StoredRecord record = current.get(target.recordId());
        if (record == null || record.collectionId() != collection.id()) {
            errors.put(CsvRows.ID, "There is no record " + target.recordId() + " in " + collection.name() + ".");
            // Not the row's record: no other collection's record is named by an import of this one.
            return invalid(row, null, null, errors, target.matchValue());
        }
        if (record.deleted()) {
            errors.put(CsvRows.ID, "Record " + target.recordId() + " was deleted.");
        } else if (target.version() != null && target.version() > record.version()) {
            errors.put(CsvRows.VERSION, "Record " + record.id() + " has no version " + target.version() + " yet (it is at "
                    + record.version() + ").");
        }
        if (!errors.isEmpty()) {
            return invalid(row, target.recordId(), target.version(), errors, target.matchValue());
        }
        int base = target.version() == null ? record.version() : target.version();
        Map<String, String> baseData = base == record.version() ? record.data() : records.revision(record.id(), base).data();
        Proposal yours = propose(collection, record, baseData, fileValues);
        if (!yours.ok()) {
            return invalid(row, record.id(), base, yours.errors(), target.matchValue());
        }
        if (base == record.version()) {
            List<ImportRow.Change> changes = changes(collection, record.data(), yours.values());
            return new ImportStore.PreviewRow(row.line(), changes.isEmpty() ? RowOutcome.UNCHANGED : RowOutcome.CHANGED,
                    false, record.id(), base, row.cells(), Map.of(), changes, List.of(), target.matchValue(),
                    uniqueOf(changes));
        }
        if (records.changeStillIn(record, base, RequestKey.ofImportRow(base, yours.values())).isPresent()) {
            // Imported before (another upload of this file) and not taken out since: nothing to do again (see ImportApplier).
            return new ImportStore.PreviewRow(row.line(), RowOutcome.UNCHANGED, false, record.id(), base, row.cells(),
                    Map.of(), List.of(), List.of(), target.matchValue());
        }
        RecordMergeResult merge = MergeFields.merge(collection, baseData, record.data(), yours.values());
        List<String> conflicts = merge.conflicts().stream().map(FieldMerge::key).toList();
        List<ImportRow.Change> changes = merge.clean()
                ? changes(collection, record.data(), record.withUndefinedFields(collection, merge.merged()))
                : List.of();
        return new ImportStore.PreviewRow(row.line(), RowOutcome.STALE, !merge.clean(), record.id(), base, row.cells(),
                Map.of(), changes, conflicts, target.matchValue(), uniqueOf(changes));
    }

    /**
     * The values a row proposes for a record: the values of {@code base} (the version it starts
     * from) with the row's cells over them, validated; fields the file has no column for keep
     * their values.
     */
    record Proposal(Map<String, String> values, Map<String, String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    static Proposal propose(Collection collection, StoredRecord record, Map<String, String> base,
            Map<String, String> fileValues) {
        Map<String, String> input = new HashMap<>();
        for (FieldDef field : collection.fields()) {
            input.put(field.key(), fileValues.containsKey(field.key()) ? fileValues.get(field.key())
                    : base.getOrDefault(field.key(), ""));
        }
        Validation.Result validation = Validation.validateValues(collection, input, base);
        return new Proposal(record.withUndefinedFields(collection, validation.values()), validation.errors());
    }

    /** The cells of field columns (not {@code _id}, {@code _version}, nor those past the header). */
    static Map<String, String> fieldCells(Map<String, String> cells) {
        Map<String, String> values = new LinkedHashMap<>(cells);
        values.remove(CsvRows.ID);
        values.remove(CsvRows.VERSION);
        values.remove(CsvRows.ERROR);
        values.keySet().removeIf(CsvRows::isExtraKey);
        return values;
    }

    /** Each key whose value differs, with its value before and after (null: empty), in the collection's order. */
    static List<ImportRow.Change> changes(Collection collection, Map<String, String> before, Map<String, String> after) {
        List<ImportRow.Change> changes = new ArrayList<>();
        Set<String> keys = new java.util.LinkedHashSet<>();
        collection.fields().forEach(f -> keys.add(f.key()));
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.add(new ImportRow.Change(key, before.get(key), after.get(key)));
            }
        }
        return changes;
    }

    private static ImportStore.PreviewRow invalid(CsvRows.Row row, Long recordId, Integer base, Map<String, String> errors,
            String matchValue) {
        // Only an invalid row can have cells past the header (that makes it invalid): kept, to be given back.
        return new ImportStore.PreviewRow(row.line(), RowOutcome.INVALID, false, recordId, base, row.input(), errors,
                List.of(), List.of(), matchValue);
    }

    /**
     * A whole number from 1 written in ASCII digits (Java's parsers read any script's digits:
     * '\u0661', an Arabic-Indic one, would name record 1), else null.
     */
    private static Long positive(String value, java.util.function.Function<String, Long> parse) {
        if (!ASCII_DIGITS.matcher(value).matches()) {
            return null;
        }
        try {
            long n = parse.apply(value);
            return n >= 1 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "1 cell", "3 cells". */
    private static String cells(int count) {
        return count + (count == 1 ? " cell" : " cells");
    }
}
