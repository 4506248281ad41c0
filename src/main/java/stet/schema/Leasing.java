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

    /**
     * How often an open edit form renews its lease: every minute, or at half the lease when
     * that is shorter. A renewal must land while the lease it renews is still live, however
     * long the page took to load: a form renewing a one-minute lease every minute would let
     * it lapse before each renewal, and whoever waits for it would take it.
     */
    public long renewalMillis() {
        return Math.min(60_000L, minutes * 60_000L / 2);
    }
}
