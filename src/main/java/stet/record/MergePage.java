package stet.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import stet.diff.TextDiff;
import stet.merge.FieldMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * What the merge page shows: one row per field that anyone changed, conflicts first,
 * each with the three panes (original, theirs, yours) diffed against the original, and
 * the inputs of the result. Built from a {@link SaveOutcome.Conflict};
 * when a submitted page comes back with messages, the inputs keep what the user chose
 * and typed.
 */
public final class MergePage {

    /** The choices offered for a conflicting hunk of lines, in the order shown. */
    public static final List<String> HUNK_CHOICES = List.of("yours", "theirs", "yours_theirs", "theirs_yours", "words");

    /**
     * One field's row.
     *
     * @param field the field
     * @param outcome the merge engine's outcome (CONFLICT, THEIRS_ONLY, …)
     * @param label what happened, in words
     * @param original the original value, as lines
     * @param theirs theirs, diffed against the original
     * @param yours yours, diffed against the original
     * @param value what the field's input holds: the merged value, a proposal, or what the user typed
     * @param yoursValue the user's own value (posted back as {@code KEY__yours})
     * @param choice the chosen resolution of a scalar conflict, or ""
     * @param mode for a longtext conflict: "choices" or "text"
     * @param parts for a longtext conflict: the result as stable text and conflicting hunks
     * @param error a message when the row is still undecided, or null
     */
    public record Row(FieldDef field, String outcome, String label, List<TextDiff.Line> original,
            List<TextDiff.Line> theirs, List<TextDiff.Line> yours, String value, String yoursValue, String choice,
            String mode, List<Part> parts, String error) {

        public boolean conflict() {
            return outcome.equals(FieldMerge.Outcome.CONFLICT.name());
        }

        public boolean lines() {
            return field.type() == FieldType.LONGTEXT;
        }

        /** The field's input, holding {@link #value}, for the {@code input} fragment. */
        public Map<String, Object> input() {
            return FieldInputs.of(field, value, null);
        }
    }

    /** A piece of a longtext result: stable text, or a conflicting hunk with its choices. */
    public record Part(String text, Hunk hunk) {}

    /**
     * A conflicting hunk.
     *
     * @param number its number in the field, from 1
     * @param original the original lines
     * @param yours your lines
     * @param theirs their lines
     * @param words the word-level merge, when the changes do not touch word by word; else null
     * @param selected the choice made, or ""
     */
    public record Hunk(int number, String original, String yours, String theirs, String words, String selected) {}

    private MergePage() {}

    /** The rows of the page, conflicts first, then the other fields anyone changed. */
    public static List<Row> rows(Collection collection, SaveOutcome.Conflict conflict, String theirsName) {
        List<Row> rows = new ArrayList<>();
        for (FieldMerge merge : conflict.merge().fields()) {
            if (merge.outcome() == FieldMerge.Outcome.UNCHANGED) {
                continue;
            }
            Optional<FieldDef> field = collection.field(merge.key());
            if (field.isEmpty()) {
                continue; // not shown any more; the service keeps its stored value
            }
            rows.add(row(field.get(), merge, conflict.posted(), conflict.errors().get(merge.key()), theirsName));
        }
        rows.sort(Comparator.comparing((Row r) -> !r.conflict()));
        return rows;
    }

    /** Fields nobody changed: posted unchanged as hidden inputs. */
    public static List<Map.Entry<String, String>> unchanged(Collection collection, SaveOutcome.Conflict conflict) {
        List<Map.Entry<String, String>> hidden = new ArrayList<>();
        for (FieldDef field : collection.fields()) {
            boolean untouched = conflict.merge().field(field.key())
                    .map(m -> m.outcome() == FieldMerge.Outcome.UNCHANGED)
                    .orElse(true);
            if (untouched) {
                hidden.add(Map.entry(field.key(), conflict.merge().value(field.key())));
            }
        }
        return hidden;
    }

    private static Row row(FieldDef field, FieldMerge merge, Map<String, List<String>> posted, String error, String theirsName) {
        String key = field.key();
        List<TextDiff.Line> original = TextDiff.plain(merge.base());
        List<TextDiff.Line> theirs = TextDiff.inline(merge.base(), merge.theirs());
        List<TextDiff.Line> yours = TextDiff.inline(merge.base(), merge.yours());
        String value = posted(posted, key).orElse(merge.isConflict() && field.type() != FieldType.LONGTEXT
                ? merge.yours()
                : merge.isConflict() ? proposal(merge) : merge.merged());
        List<Part> parts = List.of();
        if (merge.isConflict() && field.type() == FieldType.LONGTEXT) {
            parts = parts(merge, posted, key);
        }
        return new Row(field, merge.outcome().name(), label(merge, theirsName), original, theirs, yours, value,
                merge.yours(), posted(posted, key + Resolution.CHOICE).orElse(""),
                posted(posted, key + Resolution.MODE).orElse("choices"), parts, error);
    }

    private static List<Part> parts(FieldMerge merge, Map<String, List<String>> posted, String key) {
        List<Part> parts = new ArrayList<>();
        LineMergeResult lines = merge.lines().orElse(null);
        if (lines == null) {
            // Over the time budget or not line-merged: the whole field is one conflict.
            parts.add(new Part(null, new Hunk(1, merge.base(), merge.yours(), merge.theirs(), null,
                    posted(posted, key + Resolution.HUNK + 1).orElse(""))));
            return parts;
        }
        int number = 0;
        for (MergeHunk hunk : lines.hunks()) {
            if (!hunk.isConflict()) {
                String text = hunk.mergedText();
                if (!text.isEmpty()) {
                    parts.add(new Part(text, null));
                }
                continue;
            }
            number++;
            parts.add(new Part(null, new Hunk(number, hunk.text(Side.BASE), hunk.text(Side.YOURS),
                    hunk.text(Side.THEIRS), hunk.wordSuggestion().orElse(null),
                    posted(posted, key + Resolution.HUNK + number).orElse(""))));
        }
        return parts;
    }

    /** The whole text to edit freely: the clean parts merged, each conflict between numbered markers. */
    static String proposal(FieldMerge merge) {
        LineMergeResult lines = merge.lines().orElse(null);
        if (lines == null) {
            return block(1, merge.yours(), merge.base(), merge.theirs());
        }
        StringBuilder text = new StringBuilder();
        int number = 0;
        for (MergeHunk hunk : lines.hunks()) {
            if (hunk.isConflict()) {
                text.append(block(++number, hunk.text(Side.YOURS), hunk.text(Side.BASE), hunk.text(Side.THEIRS)));
            } else {
                text.append(hunk.mergedText());
            }
        }
        return text.toString();
    }

    private static String block(int number, String yours, String original, String theirs) {
        return "<<<<<<< yours (conflict " + number + ")\n" + line(yours) + "||||||| original\n" + line(original)
                + "=======\n" + line(theirs) + ">>>>>>> theirs (conflict " + number + ")\n";
    }

    private static String line(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String label(FieldMerge merge, String theirsName) {
        return switch (merge.outcome()) {
            case THEIRS_ONLY -> "Only " + theirsName + " changed this: their value is kept.";
            case YOURS_ONLY -> "Only you changed this: your value is kept.";
            case SAME_CHANGE -> "You both made the same change.";
            case MERGED_LINES -> "You both changed this, in different lines: both changes are kept.";
            case DELTA_MERGED -> "You both changed this number: " + merge.theirs() + " + (" + merge.yours() + " − "
                    + merge.base() + ") = " + merge.merged() + ".";
            case CONFLICT -> merge.reason();
            case UNCHANGED -> "Nobody changed this.";
        };
    }

    private static Optional<String> posted(Map<String, List<String>> posted, String name) {
        if (posted == null) {
            return Optional.empty();
        }
        List<String> values = posted.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        // A checkbox posts a hidden "false" before its "true".
        return Optional.of(values.contains("true") ? "true" : values.get(values.size() - 1));
    }
}
