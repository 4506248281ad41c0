package stet.merge;

/**
 * The work budget of one merge, counted in steps of the diff's search (diagonals visited and
 * lines compared), never in time: the same inputs spend the same work on any machine, under any
 * load, so they always give the same result.
 *
 * <p>The budget only bounds the search. When it is spent, each diff still finishes with a valid
 * edit script, using the cheap ends of xdiff's own heuristics: a split takes the furthest path
 * found so far, and a box not yet searched is taken as wholly changed. What changes is only
 * which lines are aligned, so a merge past its budget may report more (or larger) conflicts
 * than git would, never a wrong merge. Ordinary inputs finish far inside it.
 */
final class Work {

    /**
     * Search steps allowed per input line (base, yours and theirs together). The benchmark inputs
     * need 2 to 25 per line; inputs built to defeat xdiff's pruning (every line one of a small
     * pool) 60 to 260 in the agreement tests and about 475 at 40,000 to 100,000 lines, so all of
     * them merge exactly as git merges them. Such pooled inputs need more per line as they grow
     * (xdiff's own cut-off grows with the square root of the size): about 950 at 200,000 lines,
     * where this budget, not the size, then bounds the work.
     */
    static final long STEPS_PER_LINE = 500;
    /** Steps allowed whatever the size, so that small texts are never approximated. */
    static final long MIN_STEPS = 50_000_000;

    private final long budget;
    private long left;
    private boolean exhausted;

    private Work(long steps) {
        this.budget = steps;
        this.left = steps;
    }

    /** The budget for a merge of texts with this many lines in all. */
    static Work forLines(long lines) {
        return new Work(Math.max(MIN_STEPS, lines * STEPS_PER_LINE));
    }

    /** An explicit budget (for tests). */
    static Work of(long steps) {
        return new Work(steps);
    }

    /** Spends {@code steps}; returns whether the budget still holds after them. */
    boolean spend(long steps) {
        left -= steps;
        if (left < 0) {
            exhausted = true;
        }
        return !exhausted;
    }

    /** The steps spent so far (for measuring how far ordinary inputs stay inside the budget). */
    long spent() {
        return budget - left;
    }

    /** Whether the budget has been spent, so that diffs take their cheap ways out. */
    boolean exhausted() {
        return exhausted;
    }
}
