package stet.merge;

import java.time.Duration;
import java.util.Objects;

/**
 * How a record merge runs.
 *
 * @param timeBudget the time all line merges of one record may take together; a line merge
 *                   still running when it is spent is reported as one whole-field conflict. A
 *                   safety net so that no input can hang a request, not a tuning knob.
 */
public record RecordMergeOptions(Duration timeBudget) {

    public static final RecordMergeOptions DEFAULT = new RecordMergeOptions(Duration.ofSeconds(2));

    public RecordMergeOptions {
        Objects.requireNonNull(timeBudget, "timeBudget");
        if (timeBudget.isNegative()) {
            throw new IllegalArgumentException("timeBudget must not be negative: " + timeBudget);
        }
    }
}
