package stet.diff;

/**
 * The work one display diff may do, counted in steps of java-diff-utils' Myers search
 * (diagonals visited plus lines or words compared along them), never in time, so the same
 * texts give the same page on any machine under any load. Myers takes about (N+M)·D steps,
 * D the number of lines that differ, so two long texts that differ almost everywhere (one
 * reversed, the other shuffled) would otherwise take billions of steps and tens of seconds.
 * When the budget is spent the diff stops ({@link Spent}) and the caller shows what is left
 * as changed, never as the same.
 */
final class DiffWork {

    /** Thrown out of the search when the budget is spent. */
    static final class Spent extends RuntimeException {
        private Spent() {
            super("display diff work budget spent", null, false, false);
        }
    }

    private final long budget;
    private long spent;

    private DiffWork(long budget) {
        this.budget = budget;
    }

    /** A budget of {@code steps}. */
    static DiffWork of(long steps) {
        return new DiffWork(steps);
    }

    /** Spends {@code steps}, or throws {@link Spent} (spending nothing) when they would pass the budget. */
    void spend(long steps) {
        if (steps > budget - spent) {
            throw new Spent();
        }
        spent += steps;
    }

    /** The steps spent so far. */
    long spent() {
        return spent;
    }

    /** The budget. */
    long budget() {
        return budget;
    }
}
