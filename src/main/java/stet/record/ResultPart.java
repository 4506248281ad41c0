package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * A piece of the merge page's result pane ({@code result-preview}): text merged on its
 * own, text a choice put there, or the gap of a conflict not decided yet. The gap is
 * words, never conflict markers, and the template prints every piece with
 * {@code th:text}.
 *
 * @param kind what the piece is
 * @param text what it shows
 * @param hunk for a longtext conflict's piece, the conflict's number; else 0
 */
public record ResultPart(Kind kind, String text, int hunk) {

    /** What a piece of the result is. */
    public enum Kind {
        /** Merged without a decision: one side's change, or lines nobody disputes. */
        MERGED,
        /** Put there by a decision of the user. */
        CHOSEN,
        /** A conflict still undecided. */
        GAP;

        /** The CSS class of the piece. */
        public String css() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a gap says. */
    static String gap(int hunk) {
        return hunk == 0 ? "not decided yet" : "conflict " + hunk + ": not decided yet";
    }

    /** A field's value merged without a decision. */
    static ResultPart merged(FieldDef field, String value) {
        return new ResultPart(Kind.MERGED, shown(field, value), 0);
    }

    /** A scalar conflict's result: the chosen side, the typed value, or a gap. */
    static ResultPart scalar(FieldDef field, String choice, String yours, String theirs, String typed) {
        return switch (choice) {
            case "yours" -> new ResultPart(Kind.CHOSEN, shown(field, yours), 0);
            case "theirs" -> new ResultPart(Kind.CHOSEN, shown(field, theirs), 0);
            case "typed" -> new ResultPart(Kind.CHOSEN, shown(field, typed), 0);
            default -> new ResultPart(Kind.GAP, gap(0), 0);
        };
    }

    /** A longtext conflict decided conflict by conflict: the merged lines, each decided hunk's text, a gap for each other. */
    static List<ResultPart> ofParts(List<MergePage.Part> parts) {
        List<ResultPart> result = new ArrayList<>();
        for (MergePage.Part part : parts) {
            MergePage.Hunk hunk = part.hunk();
            if (hunk == null) {
                StringBuilder text = new StringBuilder();
                part.merged().forEach(region -> region.lines().forEach(text::append));
                result.add(new ResultPart(Kind.MERGED, text.toString(), 0));
            } else if (hunk.decided()) {
                result.add(new ResultPart(Kind.CHOSEN, hunk.texts().get(hunk.selected()), hunk.number()));
            } else {
                result.add(new ResultPart(Kind.GAP, gap(hunk.number()), hunk.number()));
            }
        }
        return result;
    }

    /** A value as the result shows it: a boolean in words, no value as "(no value)". */
    static String shown(FieldDef field, String value) {
        if (value == null || value.isEmpty()) {
            return "(no value)";
        }
        if (field.type() == FieldType.BOOLEAN) {
            return "true".equals(value) ? "Yes" : "No";
        }
        return value;
    }
}
