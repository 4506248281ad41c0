package stet.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.merge.FieldMerge;
import stet.merge.MergeField;
import stet.merge.RecordMerge;
import stet.merge.RecordMergeResult;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Validation;

/**
 * How each field of a collection merges (longtext by lines, delta numbers by delta, the rest
 * as scalars), and the merge of a record under the collection's rules: every save, undo and
 * import merges through {@link #merge}.
 */
public final class MergeFields {

    private MergeFields() {}

    public static List<MergeField> of(Collection collection) {
        return collection.fields().stream().map(MergeFields::of).toList();
    }

    static MergeField of(FieldDef field) {
        if (field.type() == FieldType.LONGTEXT) {
            return MergeField.lines(field.key());
        }
        if (field.delta() && field.type().isNumeric()) {
            return MergeField.delta(field.key(), bound(field.min()), bound(field.max()), field.type() == FieldType.INTEGER);
        }
        return MergeField.scalar(field.key());
    }

    /**
     * The three-way merge of a record's values ({@link RecordMerge}) as the collection's
     * fields allow it:
     * <ul>
     * <li>A yes/no value a record lacks (the field was added after it was written) is "no",
     *     as a form saves it: a form that posts the box unticked changed nothing.</li>
     * <li>A value combined from both sides (lines merged, a delta added up) that breaks its
     *     field's rules (a maximum or minimum length, a required text merged to nothing, a sum
     *     too long for its type) is a conflict whose reason is the rule, yours proposed: it is
     *     never saved unseen.</li>
     * </ul>
     */
    public static RecordMergeResult merge(Collection collection, Map<String, String> base, Map<String, String> theirs,
            Map<String, String> yours) {
        RecordMergeResult merge = RecordMerge.merge(of(collection), unticked(collection, base), unticked(collection, theirs),
                unticked(collection, yours));
        Map<String, String> errors = Validation.validateValues(collection, merge.merged()).errors();
        if (errors.isEmpty()) {
            return merge;
        }
        Map<String, String> merged = new HashMap<>(merge.merged());
        List<FieldMerge> fields = new ArrayList<>(merge.fields().size());
        for (FieldMerge field : merge.fields()) {
            String error = errors.get(field.key());
            boolean combined = field.outcome() == FieldMerge.Outcome.MERGED_LINES
                    || field.outcome() == FieldMerge.Outcome.DELTA_MERGED;
            if (error == null || !combined) {
                fields.add(field);
                continue;
            }
            fields.add(new FieldMerge(field.key(), FieldMerge.Outcome.CONFLICT, field.base(), field.theirs(), field.yours(),
                    field.yours(), "both changes together break the field's rules: " + error, null));
            if (field.yours().isEmpty()) {
                merged.remove(field.key());
            } else {
                merged.put(field.key(), field.yours());
            }
        }
        return new RecordMergeResult(merged, fields);
    }

    /** {@code values} with "false" for each yes/no field they lack or leave empty. */
    private static Map<String, String> unticked(Collection collection, Map<String, String> values) {
        Map<String, String> filled = null;
        for (FieldDef field : collection.fields()) {
            if (field.type() == FieldType.BOOLEAN && values.getOrDefault(field.key(), "").isEmpty()) {
                if (filled == null) {
                    filled = new HashMap<>(values);
                }
                filled.put(field.key(), "false");
            }
        }
        return filled == null ? values : filled;
    }

    private static BigDecimal bound(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
