package stet.schema;

import java.util.List;
import java.util.Map;

/**
 * One typed field of a collection.
 *
 * @param key the stable name under which values are stored and posted
 * @param label what people see
 * @param type the value type
 * @param required whether a value must be given
 * @param unique whether two live records of the collection may share a value
 * @param min lower bound (a length for text, a value for numbers and dates), or null
 * @param max upper bound, like {@code min}, or null
 * @param delta for numbers: concurrent changes merge as theirs + (yours − base)
 * @param choices the allowed values of a choice field (empty for other types)
 */
public record FieldDef(
        String key,
        String label,
        FieldType type,
        boolean required,
        boolean unique,
        String min,
        String max,
        boolean delta,
        List<String> choices) {

    public FieldDef {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * This field's value in {@code data}, or null when it has none; a yes/no field without one
     * (a record written before the field was added) is "false", as its form shows it.
     */
    public String valueIn(Map<String, String> data) {
        String value = data.get(key);
        return type == FieldType.BOOLEAN && (value == null || value.isEmpty()) ? "false" : value;
    }

    /** The longest value this field accepts, in characters (text types). */
    public int maxLength() {
        if (type.boundsLength() && max != null) {
            // A definition saved before the editor refused a bound above the type's (CollectionForm) may hold one.
            return Math.min(Integer.parseInt(max), type.maxLength());
        }
        return type.maxLength();
    }
}
