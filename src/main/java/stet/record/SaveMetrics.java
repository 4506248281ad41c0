package stet.record;

import java.util.Locale;
import java.util.Map;

/**
 * What the record service reports about its saves and merges, for monitoring. The
 * service calls it with plain values only, so this package needs no metrics library:
 * {@code stet.metrics} counts them; service-level tests pass {@link #NONE}.
 */
public interface SaveMetrics {

    /** What one save, revert, undo or delete came to, as counted. */
    enum Outcome {
        /** A new version written from the version the form started from. */
        SAVED,
        /** Stale, merged automatically with what was saved since, and saved. */
        MERGED,
        /** Stale, and the merge needs the user's decision (the merge page). */
        CONFLICT,
        /** Nothing differed, so nothing was written. */
        UNCHANGED,
        /** Refused: invalid values. */
        INVALID,
        /** The record was deleted while the user edited it (the restore offer). */
        DELETED_MEANWHILE,
        /** A delete from a version that is no longer the current one: nothing deleted. */
        STALE_DELETE,
        /** Refused: an exclusive collection, and another user holds the lease. */
        HELD,
        /** Refused: a save from an older version that asked not to be merged (the API without Prefer: merge). */
        STALE;

        /** The label value: lower case, as Prometheus labels usually are. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The counted outcome of what a save came to. */
        public static Outcome of(SaveOutcome outcome) {
            return outcome.accept(new SaveOutcome.Visitor<>() {
                @Override
                public Outcome saved(SaveOutcome.Saved saved) {
                    return saved.merge() == null ? SAVED : MERGED;
                }

                @Override
                public Outcome unchanged(SaveOutcome.Unchanged unchanged) {
                    return UNCHANGED;
                }

                @Override
                public Outcome invalid(SaveOutcome.Invalid invalid) {
                    return INVALID;
                }

                @Override
                public Outcome conflict(SaveOutcome.Conflict conflict) {
                    return CONFLICT;
                }

                @Override
                public Outcome deleted(SaveOutcome.Deleted deleted) {
                    return DELETED_MEANWHILE;
                }

                @Override
                public Outcome held(SaveOutcome.Held held) {
                    return HELD;
                }

                @Override
                public Outcome stale(SaveOutcome.Stale stale) {
                    return STALE;
                }
            });
        }
    }

    /** Counts one outcome. */
    void outcome(Outcome outcome);

    /** Counts what a save came to, and returns it. */
    default SaveOutcome count(SaveOutcome outcome) {
        outcome(Outcome.of(outcome));
        return outcome;
    }

    /**
     * One three-way record merge: how long it took, whether it was clean, and how large its
     * input was (the characters of the original, theirs and yours together).
     */
    void merge(long nanos, boolean clean, long inputChars);

    /** Reports nothing: for tests and tools that build the services without a registry. */
    SaveMetrics NONE = new SaveMetrics() {
        @Override
        public void outcome(Outcome outcome) {}

        @Override
        public void merge(long nanos, boolean clean, long inputChars) {}
    };

    /** The characters of a record's values, the size a merge works on. */
    static long chars(Map<String, String> values) {
        long total = 0;
        for (String value : values.values()) {
            total += value == null ? 0 : value.length();
        }
        return total;
    }
}
