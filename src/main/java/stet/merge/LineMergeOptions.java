package stet.merge;

import java.util.Objects;

/**
 * How a line merge runs.
 *
 * @param conflicts how far each conflict is narrowed; {@link Conflicts#REFINED} (the default, as
 *                  {@code git merge-file}), {@link Conflicts#WHOLE} (as {@code --diff3}) or
 *                  {@link Conflicts#TRIMMED} (as {@code --zdiff3})
 */
public record LineMergeOptions(Conflicts conflicts) {

    /** How a conflict is narrowed; git's merge levels and conflict styles. */
    public enum Conflicts {
        /**
         * Each conflict is narrowed to the lines where yours and theirs really differ, and
         * conflicts separated by fewer than four lines or by lines without letters or digits are
         * joined (git's {@code XDL_MERGE_ZEALOUS_ALNUM}, its default). Overlapping edits that end
         * up identical are clean.
         */
        REFINED,
        /**
         * Whole overlapping regions, as git does for {@code --diff3} ({@code XDL_MERGE_EAGER}),
         * so that the base shown in each conflict is exactly the base those changes replaced.
         */
        WHOLE,
        /**
         * As WHOLE, then the lines both sides share at the start and at the end of each conflict
         * are moved out of it, as git does for {@code --zdiff3}; the base shown stays whole.
         */
        TRIMMED
    }

    /** git merge-file's defaults. */
    public static final LineMergeOptions DEFAULT = new LineMergeOptions(Conflicts.REFINED);

    public LineMergeOptions {
        Objects.requireNonNull(conflicts, "conflicts");
    }
}
