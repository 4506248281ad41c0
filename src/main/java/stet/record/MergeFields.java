package stet.record;

import java.math.BigDecimal;
import java.util.List;
import stet.merge.MergeField;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/** How each field of a collection merges: longtext by lines, delta numbers by delta, the rest as scalars. */
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

    private static BigDecimal bound(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
