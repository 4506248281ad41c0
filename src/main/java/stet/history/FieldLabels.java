package stet.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.schema.FieldDef;

/**
 * Field keys as people read them in the history: the field's label, or, for a field
 * removed from the collection since, its key marked "(removed)". Revisions store keys;
 * a definition can drop a field whose old values stay in the history.
 */
final class FieldLabels {

    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();

    /** The labels of a collection's {@code fields}. */
    FieldLabels(List<FieldDef> fields) {
        for (FieldDef field : fields) {
            labels.put(field.key(), field.label());
            positions.put(field.key(), positions.size());
        }
    }

    /** The label of {@code key}, or "key (removed)". */
    String of(String key) {
        String label = labels.get(key);
        return label != null ? label : removed(key);
    }

    /**
     * The labels of {@code keys} as one line, in the collection's order (revisions keep
     * keys sorted by name), removed fields last: "Name, Price, colour (removed)".
     */
    String join(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return "";
        }
        List<String> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparingInt(key -> positions.getOrDefault(key, Integer.MAX_VALUE)));
        StringBuilder line = new StringBuilder();
        for (String key : ordered) {
            line.append(line.length() == 0 ? "" : ", ").append(of(key));
        }
        return line.toString();
    }

    /** How a field no longer in the collection is named: by its key, marked. */
    static String removed(String key) {
        return key + " (removed)";
    }
}
