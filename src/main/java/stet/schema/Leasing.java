package stet.schema;

/**
 * How a collection's records are leased while someone edits them (docs/stable-surface.md,
 * "Leases").
 *
 * @param exclusive whether only the lease holder may save (otherwise a lease is advice)
 * @param minutes how long a lease lasts without being renewed
 */
public record Leasing(boolean exclusive, int minutes) {

    public static final int MIN_MINUTES = 1;
    public static final int MAX_MINUTES = 1440;
    /** Ten minutes: long enough to think over a field, short enough that a closed laptop frees the record soon. */
    public static final Leasing DEFAULT = new Leasing(false, 10);

    public Leasing {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("lease minutes out of range: " + minutes);
        }
    }
}
