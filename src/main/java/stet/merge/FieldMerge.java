package stet.merge;

import java.util.Objects;
import java.util.Optional;

/**
 * The merge of one field: what happened, the three inputs, and the value to save or propose.
 *
 * @param key       the field key
 * @param outcome   what the merge did
 * @param base      the value the user started from ("" when empty)
 * @param theirs    the value saved now ("" when empty)
 * @param yours     the value the user submits ("" when empty)
 * @param merged    the merged value; for a conflict, the best proposal: for lines, the clean
 *                  parts merged and each conflicting hunk between diff3-style markers, yours
 *                  first ({@link LineMergeResult#proposal()}); for other fields, yours, since
 *                  what the user typed is never thrown away
 * @param reason    for a conflict, why, in words a merge page can show; null otherwise
 * @param lineMerge for LINES fields changed on both sides, the line merge with its hunks; null
 *                  otherwise (see {@link #lines()})
 */
public record FieldMerge(String key, Outcome outcome, String base, String theirs, String yours, String merged,
        String reason, LineMergeResult lineMerge) {

    /** What the merge did with a field. */
    public enum Outcome {
        /** Nobody changed it. */
        UNCHANGED,
        /** Only theirs changed it; theirs is kept. */
        THEIRS_ONLY,
        /** Only yours changed it; yours is taken. */
        YOURS_ONLY,
        /** Both changed it to the same value. */
        SAME_CHANGE,
        /** Both changed a longtext, in separate lines; merged line by line. */
        MERGED_LINES,
        /** Both changed a delta number; merged as theirs + (yours − base). */
        DELTA_MERGED,
        /** Both changed it and the changes cannot be combined. */
        CONFLICT
    }

    public FieldMerge {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(theirs, "theirs");
        Objects.requireNonNull(yours, "yours");
        Objects.requireNonNull(merged, "merged");
        if ((outcome == Outcome.CONFLICT) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly for conflicts: " + outcome);
        }
    }

    public boolean isConflict() {
        return outcome == Outcome.CONFLICT;
    }

    /** The line merge of a LINES field changed on both sides. */
    public Optional<LineMergeResult> lines() {
        return Optional.ofNullable(lineMerge);
    }
}
