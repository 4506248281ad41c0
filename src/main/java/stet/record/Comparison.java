package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import stet.diff.TextDiff;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.web.Format;
import stet.web.Html;

/**
 * Two versions of a record compared field by field: changed fields first, each side by
 * side and inline. Text is compared line by line and word by word; numbers, dates,
 * yes/no and choices as whole values ("249.9 → 229.9"), since a character diff of a
 * number reads as nonsense.
 */
public final class Comparison {

    /**
     * One field.
     *
     * @param key its key
     * @param label its label (the key for a field no longer in the collection)
     * @param removed whether the field has been removed from the collection since
     * @param changed whether the two versions differ
     * @param sideBySide the two values side by side, with word-level highlights
     * @param inline the newer value with what the older had marked in place
     */
    public record Row(String key, String label, boolean removed, boolean changed, List<TextDiff.Row> sideBySide,
            List<TextDiff.Line> inline) {

        /** The side-by-side table's rows (see {@link CompareHtml}). */
        public Html sideBySideHtml() {
            return CompareHtml.sideBySide(sideBySide);
        }

        /** The inline view's lines. */
        public Html inlineHtml() {
            return CompareHtml.inline(inline);
        }
    }

    private static final Format FORMAT = new Format();

    private Comparison() {}

    public static List<Row> rows(Collection collection, Map<String, String> from, Map<String, String> to) {
        List<Row> changed = new ArrayList<>();
        List<Row> same = new ArrayList<>();
        TreeSet<String> others = new TreeSet<>(from.keySet());
        others.addAll(to.keySet());
        for (FieldDef field : collection.fields()) {
            others.remove(field.key());
            add(field.key(), field.label(), field.type(), false, from, to, changed, same);
        }
        // Values of fields removed from the definition since: still part of those versions.
        for (String key : others) {
            add(key, key, FieldType.LONGTEXT, true, from, to, changed, same);
        }
        changed.addAll(same);
        return changed;
    }

    private static void add(String key, String label, FieldType type, boolean removed, Map<String, String> from,
            Map<String, String> to, List<Row> changed, List<Row> same) {
        String a = from.getOrDefault(key, "");
        String b = to.getOrDefault(key, "");
        boolean differs = !Objects.equals(a, b);
        Row row;
        if (differs && !byText(type)) {
            String shownA = shown(type, a);
            String shownB = shown(type, b);
            row = new Row(key, label, removed, true, List.of(TextDiff.wholeValues(shownA, shownB)),
                    List.of(TextDiff.wholeValuesInline(shownA, shownB)));
        } else {
            List<TextDiff.Row> sideBySide = TextDiff.sideBySide(a, b);
            row = new Row(key, label, removed, differs, sideBySide, TextDiff.inline(sideBySide));
        }
        (differs ? changed : same).add(row);
    }

    /** Whether a type's values are compared as text (lines, then words) rather than as whole values. */
    private static boolean byText(FieldType type) {
        return switch (type) {
            case TEXT, LONGTEXT -> true;
            case NUMBER, INTEGER, BOOLEAN, CHOICE, DATE -> false;
        };
    }

    /** A value as the record page shows it: yes/no for a boolean, as stored otherwise. */
    private static String shown(FieldType type, String value) {
        return type == FieldType.BOOLEAN ? FORMAT.yesNo(value) : value;
    }
}
