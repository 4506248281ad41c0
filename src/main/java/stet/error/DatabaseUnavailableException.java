package stet.error;

/**
 * The database could not do what a request needed, and the request was stopped: another
 * transaction held a lock longer than the lock timeout (or a statement ran past the
 * statement timeout), or the database cannot be reached. (A commit that failed is
 * {@link OutcomeUnknownException} instead.) Either way the request is worth retrying; the web answers 503 with {@code Retry-After} and keeps what the user
 * submitted.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    /** Why the database did not answer. */
    public enum Reason {
        /** Another transaction held a row this one needed, or a statement ran too long. */
        BUSY,
        /** The database cannot be reached (down, restarting, or known down by the circuit). */
        DOWN,
        /** The database has run out of room: disk space or memory (SQLSTATE class 53). */
        FULL
    }

    private final Reason reason;

    public DatabaseUnavailableException(Reason reason, Throwable cause) {
        super(switch (reason) {
            case BUSY -> "The database was busy (someone else is changing the same thing), so nothing was changed. Try again in a moment.";
            case DOWN -> "The database cannot be reached right now. Try again in a moment.";
            case FULL -> "The database has run out of room (disk space or memory), so nothing was changed. Try again"
                    + " later; the administrator will find it in stet's log.";
        }, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** How many seconds a client should wait before retrying ({@code Retry-After}). */
    public int retryAfterSeconds() {
        return switch (reason) {
            case BUSY -> 1;
            case DOWN -> 5;
            case FULL -> 30;
        };
    }
}
