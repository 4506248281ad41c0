package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import stet.diff.TextDiff;
import stet.schema.Collection;
import stet.schema.FieldDef;

/** Two versions of a record compared field by field: changed fields first, each side by side and inline. */
public final class Comparison {

    /**
     * One field.
     *
     * @param key its key
     * @param label its label (the key for a field no longer in the collection)
     * @param changed whether the two versions differ
     * @param sideBySide the two values side by side, with word-level highlights
     * @param inline the newer value with what the older had marked in place
     */
    public record Row(String key, String label, boolean changed, List<TextDiff.Row> sideBySide, List<TextDiff.Line> inline) {}

    private Comparison() {}

    public static List<Row> rows(Collection collection, Map<String, String> from, Map<String, String> to) {
        List<Row> changed = new ArrayList<>();
        List<Row> same = new ArrayList<>();
        TreeSet<String> others = new TreeSet<>(from.keySet());
        others.addAll(to.keySet());
        for (FieldDef field : collection.fields()) {
            others.remove(field.key());
            add(field.key(), field.label(), from, to, changed, same);
        }
        for (String key : others) {
            add(key, key, from, to, changed, same);
        }
        changed.addAll(same);
        return changed;
    }

    private static void add(String key, String label, Map<String, String> from, Map<String, String> to,
            List<Row> changed, List<Row> same) {
        String a = from.getOrDefault(key, "");
        String b = to.getOrDefault(key, "");
        boolean differs = !Objects.equals(a, b);
        Row row = new Row(key, label, differs, TextDiff.sideBySide(a, b), TextDiff.inline(a, b));
        (differs ? changed : same).add(row);
    }
}
