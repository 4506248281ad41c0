package stet.db;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import stet.error.DatabaseUnavailableException;
import stet.error.DatabaseUnavailableException.Reason;
import stet.error.UnprocessableException;

/**
 * Which driver and pool failures mean "the database is busy, away or full" (worth a
 * retry, answered 503), or "a value is over one of its limits" (not worth one, answered
 * 422), rather than a bug, told by their SQLState, found anywhere in the cause chain
 * because jOOQ and the pool wrap the driver's exception.
 */
final class Failures {

    /** lock_not_available: lock_timeout ran out (or a NOWAIT lock was taken). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** query_canceled: statement_timeout ran out. */
    private static final String QUERY_CANCELED = "57014";
    /** deadlock_detected: PostgreSQL ended this transaction to break a cycle of waits. */
    private static final String DEADLOCK = "40P01";
    /** serialization_failure: a concurrent change made this transaction's work impossible. */
    private static final String SERIALIZATION = "40001";
    /** Class 53, insufficient resources: disk full (53100), out of memory (53200), and the like. */
    private static final String INSUFFICIENT_RESOURCES = "53";
    /**
     * program_limit_exceeded: a value over a limit of the server, such as an index entry over
     * 2,704 bytes or a search vector over 1 MB. The stores keep values within them (V28,
     * ListColumns.SORTED_LENGTH); one that still gets there is the request's content, not the
     * database being away, and retrying it fails the same way.
     */
    private static final String PROGRAM_LIMIT_EXCEEDED = "54000";

    private Failures() {}

    /** Whether {@code e} says no connection to the server could be made or kept. */
    static boolean cannotConnect(Throwable e) {
        return inChain(e, t -> t instanceof ConnectException || t instanceof SQLException s && s.getSQLState() != null
                // Class 08: connection exceptions; 57P01-03: the server is shutting down or starting.
                && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]")));
    }

    /**
     * Whether {@code e} says the server did not answer within the driver's socket timeout, so that
     * the driver gave the connection up (SQLState 08006, which {@link #cannotConnect} counts): the
     * server is frozen, paused or cut off, not merely slow, since it ends a slow statement itself
     * before then.
     */
    static boolean unanswered(Throwable e) {
        return inChain(e, SocketTimeoutException.class::isInstance);
    }

    /**
     * Why {@code e} means the database is away, if it does. {@code lockTimeouts} says
     * whether a lock timeout counts: a store may use lock_not_available as its own
     * signal (a trigger raising it), so single statements leave it to the store and
     * only whole transactions translate it.
     */
    static Optional<Reason> reason(Throwable e, boolean lockTimeouts) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException unavailable) {
                return Optional.of(unavailable.reason());
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (QUERY_CANCELED.equals(state) || DEADLOCK.equals(state) || SERIALIZATION.equals(state)
                        || (lockTimeouts && LOCK_NOT_AVAILABLE.equals(state))) {
                    return Optional.of(Reason.BUSY);
                }
                // Not 53300 (too many connections): that one is a connection refused, told below.
                if (state != null && state.startsWith(INSUFFICIENT_RESOURCES) && !state.equals("53300")) {
                    return Optional.of(Reason.FULL);
                }
                // The pool timed out handing out a connection: none can be made, or every one is busy.
                if (t instanceof SQLTransientConnectionException) {
                    return Optional.of(cannotConnect(t) ? Reason.DOWN : Reason.BUSY);
                }
            }
        }
        return cannotConnect(e) ? Optional.of(Reason.DOWN) : Optional.empty();
    }

    /**
     * {@code e} as stet's own exception when the database is busy or away, or refused a value
     * over one of its limits; else unchanged.
     */
    static RuntimeException translate(RuntimeException e, boolean lockTimeouts) {
        if (e instanceof DatabaseUnavailableException || e instanceof UnprocessableException) {
            return e;
        }
        if (overLimit(e)) {
            return new UnprocessableException("A value is too large for the database to store or index, so nothing was"
                    + " changed: shorten the longest values and try again.", Map.of(), e);
        }
        return reason(e, lockTimeouts).<RuntimeException>map(r -> new DatabaseUnavailableException(r, e)).orElse(e);
    }

    private static boolean overLimit(Throwable e) {
        return inChain(e, t -> t instanceof SQLException s && PROGRAM_LIMIT_EXCEEDED.equals(s.getSQLState()));
    }

    /** Whether {@code e} or one of its causes is {@code wanted}: jOOQ and the pool wrap the driver's exception. */
    private static boolean inChain(Throwable e, Predicate<Throwable> wanted) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (wanted.test(t)) {
                return true;
            }
        }
        return false;
    }
}
