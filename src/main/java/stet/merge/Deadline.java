package stet.merge;

import java.time.Duration;

/**
 * A point in time after which a merge gives up. Diffs poll it in their inner loops; the
 * check is cheap ({@link System#nanoTime()}) and only fails by throwing
 * {@link BudgetExceeded}, which the entry points turn into a whole-field conflict.
 */
final class Deadline {

    static final Deadline NONE = new Deadline(Long.MAX_VALUE, true);

    private final long deadlineNanos;
    private final boolean unlimited;

    private Deadline(long deadlineNanos, boolean unlimited) {
        this.deadlineNanos = deadlineNanos;
        this.unlimited = unlimited;
    }

    static Deadline after(Duration budget) {
        long nanos;
        try {
            nanos = budget.toNanos();
        } catch (ArithmeticException tooLong) {
            return NONE;
        }
        return new Deadline(System.nanoTime() + nanos, false);
    }

    void check() {
        // Compare by subtraction: nanoTime may wrap, differences do not.
        if (!unlimited && System.nanoTime() - deadlineNanos >= 0) {
            throw new BudgetExceeded();
        }
    }

    /** Thrown through the diff when the budget is spent; never escapes the package. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("merge time budget exceeded", null, false, false);
        }
    }
}
