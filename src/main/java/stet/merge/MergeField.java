package stet.merge;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How one field of a record merges: the engine's view of a field definition, onto which the app
 * maps its own (longtext → LINES, number or integer marked delta → DELTA, everything else →
 * SCALAR).
 *
 * @param key      the field key, as in the value maps
 * @param strategy how both-sides changes are merged
 * @param min      for DELTA: the smallest allowed result, or null for none
 * @param max      for DELTA: the largest allowed result, or null for none
 * @param integer  for DELTA: whether the result must be a whole number
 */
public record MergeField(String key, Strategy strategy, BigDecimal min, BigDecimal max, boolean integer) {

    /** How a field changed on both sides is merged. */
    public enum Strategy {
        /** Line-based three-way merge (longtext). */
        LINES,
        /** theirs + (yours − base), exact; a conflict if the result breaks min/max (numbers marked delta). */
        DELTA,
        /** Both sides changed to different values is a conflict (text, choice, boolean, date, plain numbers). */
        SCALAR
    }

    public MergeField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(strategy, "strategy");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min " + min + " is above max " + max + " for field " + key);
        }
    }

    public static MergeField lines(String key) {
        return new MergeField(key, Strategy.LINES, null, null, false);
    }

    public static MergeField scalar(String key) {
        return new MergeField(key, Strategy.SCALAR, null, null, false);
    }

    public static MergeField delta(String key, BigDecimal min, BigDecimal max, boolean integer) {
        return new MergeField(key, Strategy.DELTA, min, max, integer);
    }
}
