package stet.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The field-by-field three-way merge of a record, the entry point every save, revert, undo,
 * import and API call uses (DESIGN.md, "Merge semantics"). Values are canonical strings; an
 * absent or null value is the empty value.
 *
 * <p>Per field: changed on one side only, take that side; DELTA fields changed on both become
 * theirs + (yours − base) unless that breaks the bounds, even when both made the same change;
 * other fields changed to the same value on both, take it; changed differently on both: LINES
 * fields are merged line by line ({@link LineMerge}), SCALAR fields conflict. A key in the data but not in the definitions (a field added
 * to or removed from the collection between base and theirs) merges as SCALAR, so it conflicts
 * only where a value would be lost: removed by theirs while yours changed it.
 */
public final class RecordMerge {

    private RecordMerge() {
    }

    public static RecordMergeResult merge(List<MergeField> fields, Map<String, String> base,
            Map<String, String> theirs, Map<String, String> yours) {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(base, "base values (use an empty map for none)");
        Objects.requireNonNull(theirs, "theirs values (use an empty map for none)");
        Objects.requireNonNull(yours, "yours values (use an empty map for none)");

        Map<String, MergeField> byKey = new LinkedHashMap<>();
        for (MergeField f : fields) {
            Objects.requireNonNull(f, "fields must not contain null");
            if (byKey.put(f.key(), f) != null) {
                throw new IllegalArgumentException("field defined twice: " + f.key());
            }
        }
        TreeSet<String> undefined = new TreeSet<>();
        for (Map<String, String> values : List.of(base, theirs, yours)) {
            for (String key : values.keySet()) {
                if (!byKey.containsKey(key)) {
                    undefined.add(key);
                }
            }
        }

        List<FieldMerge> merges = new ArrayList<>(byKey.size() + undefined.size());
        for (MergeField f : byKey.values()) {
            merges.add(mergeField(f, base, theirs, yours));
        }
        for (String key : undefined) {
            merges.add(mergeField(MergeField.scalar(key), base, theirs, yours));
        }
        Map<String, String> merged = new HashMap<>();
        for (FieldMerge m : merges) {
            if (!m.merged().isEmpty()) {
                merged.put(m.key(), m.merged());
            }
        }
        return new RecordMergeResult(merged, merges);
    }

    private static FieldMerge mergeField(MergeField field, Map<String, String> baseValues,
            Map<String, String> theirsValues, Map<String, String> yoursValues) {
        String key = field.key();
        String base = value(baseValues, key);
        String theirs = value(theirsValues, key);
        String yours = value(yoursValues, key);

        if (yours.equals(base) && theirs.equals(base)) {
            return new FieldMerge(key, FieldMerge.Outcome.UNCHANGED, base, theirs, yours, base, null, null);
        }
        if (yours.equals(base)) {
            return new FieldMerge(key, FieldMerge.Outcome.THEIRS_ONLY, base, theirs, yours, theirs, null, null);
        }
        if (theirs.equals(base)) {
            return new FieldMerge(key, FieldMerge.Outcome.YOURS_ONLY, base, theirs, yours, yours, null, null);
        }
        // A delta field counts, it does not agree: two users who each add 1 to 10 meant 12, so for
        // it the delta rule comes before "both made the same change".
        if (field.strategy() != MergeField.Strategy.DELTA && yours.equals(theirs)) {
            return new FieldMerge(key, FieldMerge.Outcome.SAME_CHANGE, base, theirs, yours, yours, null, null);
        }
        return switch (field.strategy()) {
            case LINES -> mergeLines(key, base, theirs, yours);
            case DELTA -> mergeDelta(field, base, theirs, yours);
            case SCALAR -> conflict(key, base, theirs, yours, "both sides changed the value", null);
        };
    }

    private static FieldMerge mergeLines(String key, String base, String theirs, String yours) {
        LineMergeResult lines;
        try {
            lines = LineMerge.merge(base, yours, theirs);
        } catch (TextTooLargeException e) {
            // Refused before any work: the whole field is one conflict, yours proposed.
            return conflict(key, base, theirs, yours, e.getMessage(), null);
        }
        if (lines.clean()) {
            return new FieldMerge(key, FieldMerge.Outcome.MERGED_LINES, base, theirs, yours,
                    lines.mergedText().orElseThrow(), null, lines);
        }
        String reason = lines.conflictCount() == 1
                        ? "both sides changed the same or adjacent lines"
                        : "both sides changed the same or adjacent lines in " + lines.conflictCount() + " places";
        return conflict(key, base, theirs, yours, reason, lines);
    }

    private static FieldMerge mergeDelta(MergeField field, String base, String theirs, String yours) {
        String key = field.key();
        BigDecimal b = number(base);
        BigDecimal t = number(theirs);
        BigDecimal y = number(yours);
        if (b == null || t == null || y == null) {
            if (yours.equals(theirs)) {
                // Both cleared it (or set the same non-number): nothing to add up, so they agree.
                return new FieldMerge(key, FieldMerge.Outcome.SAME_CHANGE, base, theirs, yours, yours, null, null);
            }
            return conflict(key, base, theirs, yours,
                    "both sides changed the value and not all of them are numbers", null);
        }
        // Exact: BigDecimal addition keeps every digit of all three values.
        BigDecimal result = t.add(y.subtract(b));
        if (field.integer()) {
            if (result.signum() != 0 && result.stripTrailingZeros().scale() > 0) {
                return conflict(key, base, theirs, yours,
                        "the combined change " + result.toPlainString() + " is not a whole number", null);
            }
            result = result.setScale(0);
        }
        if (field.min() != null && result.compareTo(field.min()) < 0) {
            return conflict(key, base, theirs, yours, "the combined change " + result.toPlainString()
                    + " is below the minimum " + field.min().toPlainString(), null);
        }
        if (field.max() != null && result.compareTo(field.max()) > 0) {
            return conflict(key, base, theirs, yours, "the combined change " + result.toPlainString()
                    + " is above the maximum " + field.max().toPlainString(), null);
        }
        // Written as a typed number is: no trailing zeros ("1.1" + "0.9" − "1" is "1", not "1.0").
        String sum = result.signum() == 0 ? "0" : result.stripTrailingZeros().toPlainString();
        return new FieldMerge(key, FieldMerge.Outcome.DELTA_MERGED, base, theirs, yours, sum, null, null);
    }

    private static BigDecimal number(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static FieldMerge conflict(String key, String base, String theirs, String yours, String reason,
            LineMergeResult lines) {
        String proposal = lines != null ? lines.proposal() : yours;
        return new FieldMerge(key, FieldMerge.Outcome.CONFLICT, base, theirs, yours, proposal, reason, lines);
    }

    private static String value(Map<String, String> values, String key) {
        String v = values.get(key);
        return v == null ? "" : v;
    }
}
