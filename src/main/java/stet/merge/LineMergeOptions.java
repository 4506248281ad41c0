package stet.merge;

import java.time.Duration;
import java.util.Objects;

/**
 * How a line merge runs.
 *
 * @param refineConflicts {@code true} (the default, as {@code git merge-file}) narrows each
 *                        conflict to the lines where yours and theirs really differ and joins
 *                        conflicts separated by fewer than four lines or by lines without
 *                        letters or digits (git's {@code XDL_MERGE_ZEALOUS_ALNUM});
 *                        {@code false} keeps whole overlapping regions, as git does for
 *                        {@code --diff3} output ({@code XDL_MERGE_EAGER}), so that the base shown
 *                        in each conflict is exactly the base those changes replaced. The two can
 *                        differ in verdict: overlapping edits that end up identical are clean
 *                        only when refined.
 * @param timeBudget      a safety net: a merge that takes longer is abandoned and reported as one
 *                        conflict over the whole text, so a pathological input can never hang a
 *                        request. Not a tuning knob: ordinary inputs finish far inside it.
 */
public record LineMergeOptions(boolean refineConflicts, Duration timeBudget) {

    /** git merge-file's defaults with a two-second budget. */
    public static final LineMergeOptions DEFAULT = new LineMergeOptions(true, Duration.ofSeconds(2));

    public LineMergeOptions {
        Objects.requireNonNull(timeBudget, "timeBudget");
        if (timeBudget.isNegative()) {
            throw new IllegalArgumentException("timeBudget must not be negative: " + timeBudget);
        }
    }

    public LineMergeOptions withRefineConflicts(boolean refine) {
        return new LineMergeOptions(refine, timeBudget);
    }

    public LineMergeOptions withTimeBudget(Duration budget) {
        return new LineMergeOptions(refineConflicts, budget);
    }
}
