package stet.db;

/** stet could not connect to the database it was pointed at when it started, for the reason given. */
public final class UnreachableDatabaseException extends RuntimeException {

    UnreachableDatabaseException(DatabaseUrl url, Throwable cause) {
        super("Cannot connect to the database at " + url.described() + ": " + deepest(cause).getMessage(), cause);
    }

    private static Throwable deepest(Throwable failure) {
        Throwable deepest = failure;
        // The driver's own message ("Connection to localhost:5432 refused", "password authentication
        // failed for user …") says more than the pool's wrapping of it.
        while (deepest.getCause() != null && deepest.getCause().getMessage() != null
                && !(deepest instanceof org.postgresql.util.PSQLException)) {
            deepest = deepest.getCause();
        }
        return deepest;
    }
}
