package stet.record;

/**
 * A write was conditioned on a version that is no longer current: someone else saved
 * (or deleted) first. Raised by the store when its conditional statement touches no
 * row; the transaction rolls back, and the service turns it into a stale outcome that
 * the web layer shows as a 409 page with the user's input.
 */
public final class StaleVersionException extends RuntimeException {

    private final long recordId;
    private final int expectedVersion;

    public StaleVersionException(long recordId, int expectedVersion) {
        super("record " + recordId + " is no longer at version " + expectedVersion, null, false, false);
        this.recordId = recordId;
        this.expectedVersion = expectedVersion;
    }

    public long recordId() {
        return recordId;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
