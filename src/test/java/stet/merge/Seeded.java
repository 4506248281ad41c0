package stet.merge;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeds for generated test cases, and the wrapper that names the seed when a case fails, so that
 * any failure can be replayed alone with {@code new Random(seed)}. Plain JUnit 5: a property is a
 * {@code @ParameterizedTest} over {@link #seeds(int)}, one case per seed.
 */
final class Seeded {

    /** The first seed; case {@code i} uses {@code FIRST + i}. */
    static final long FIRST = 20_240_611L;

    private Seeded() {
    }

    /** {@code count} consecutive seeds, starting at {@link #FIRST}. */
    static LongStream seeds(int count) {
        return LongStream.range(FIRST, FIRST + count);
    }

    /** A check of one generated case. */
    interface Case {
        void check(Random random);
    }

    /**
     * Runs {@code check} with a {@link Random} made from {@code seed}; a failure is rethrown with
     * the seed in its message (the original failure as its cause).
     */
    static void run(long seed, Case check) {
        try {
            check.check(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("failed for seed " + seed + " (replay: new Random(" + seed + "L)): "
                    + e.getMessage(), e);
        }
    }
}
