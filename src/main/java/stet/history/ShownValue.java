package stet.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import stet.record.ValueHtml;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.web.Html;

/**
 * One value of a version as the revision page shows it: under its field's label, or,
 * for a field removed from the collection since, under its key and marked removed (the
 * value is still part of that version).
 *
 * @param field the field (for a removed one, made up from its key: text, or long text
 *     when the value has several lines)
 * @param value the value, empty when the version has none
 * @param removed whether the field is no longer in the collection
 */
record ShownValue(FieldDef field, String value, boolean removed) {

    /** The value's markup, by its field's type, as every page shows a saved value. */
    public Html html() {
        return ValueHtml.of(field, value);
    }

    /** The values of {@code data}: the collection's fields in order, then those of removed fields by key. */
    static List<ShownValue> of(Collection collection, Map<String, String> data) {
        List<ShownValue> shown = new ArrayList<>();
        TreeSet<String> removed = new TreeSet<>(data.keySet());
        for (FieldDef field : collection.fields()) {
            removed.remove(field.key());
            shown.add(new ShownValue(field, data.getOrDefault(field.key(), ""), false));
        }
        for (String key : removed) {
            String value = data.get(key);
            FieldType type = value.indexOf('\n') >= 0 ? FieldType.LONGTEXT : FieldType.TEXT;
            shown.add(new ShownValue(new FieldDef(key, key, type, false, false, null, null, false, List.of()), value, true));
        }
        return shown;
    }
}
