package stet.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.algorithm.myers.MyersDiff;
import com.github.difflib.patch.AbstractDelta;
import java.util.List;

/**
 * The work one diff may do, counted in steps of java-diff-utils' Myers search
 * (diagonals visited plus lines or words compared along them), never in time, so the same
 * texts give the same page on any machine under any load. Myers takes about (N+M)·D steps,
 * D the number of lines that differ, so two long texts that differ almost everywhere (one
 * reversed, the other shuffled) would otherwise take billions of steps and tens of seconds.
 * When the budget is spent the diff stops ({@link Spent}) and the caller shows what is left
 * as changed, never as the same (or, storing a revision, stores it whole).
 */
public final class DiffWork {

    /** Thrown out of the search when the budget is spent. */
    public static final class Spent extends RuntimeException {
        private Spent() {
            super("diff work budget spent", null, false, false);
        }
    }

    private final long budget;
    private long spent;

    private DiffWork(long budget) {
        this.budget = budget;
    }

    /** A budget of {@code steps}. */
    public static DiffWork of(long steps) {
        return new DiffWork(steps);
    }

    /**
     * java-diff-utils' Myers diff of {@code a} and {@code b}, each step of its search counted.
     *
     * @throws Spent when the budget is spent before the diff is found
     */
    public <T> List<AbstractDelta<T>> diff(List<T> a, List<T> b) {
        MyersDiff<T> myers = new MyersDiff<>((x, y) -> {
            spend(1);
            return x.equals(y);
        });
        DiffAlgorithmListener steps = new DiffAlgorithmListener() {
            @Override
            public void diffStart() {}

            @Override
            public void diffStep(int d, int max) {
                // Step d of the search visits d + 1 diagonals.
                spend(d + 1L);
            }

            @Override
            public void diffEnd() {}
        };
        return DiffUtils.diff(a, b, myers, steps).getDeltas();
    }

    /** Spends {@code steps}, or throws {@link Spent} (spending nothing) when they would pass the budget. */
    void spend(long steps) {
        if (steps > budget - spent) {
            throw new Spent();
        }
        spent += steps;
    }

    /** The steps spent so far. */
    public long spent() {
        return spent;
    }

    /** The budget. */
    long budget() {
        return budget;
    }
}
