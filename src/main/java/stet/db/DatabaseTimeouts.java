package stet.db;

import java.time.Duration;

/**
 * How long stet lets the database make a request wait, set on every pooled connection
 * so that no request hangs: on another transaction's lock ({@code lock_timeout}), on a
 * statement ({@code statement_timeout}), and how long a transaction may sit idle holding
 * its locks ({@code idle_in_transaction_session_timeout}), which frees the rows a frozen
 * node holds. {@code connect} bounds the wait for a connection when the database is away.
 * The server enforces the first three, which a server that stopped answering (frozen, paused,
 * cut off by the network) cannot do: {@link #socket()} is the driver's own bound for that.
 */
public record DatabaseTimeouts(Duration lock, Duration statement, Duration idleInTransaction, Duration connect) {

    /** Hikari refuses connection timeouts below 250 ms. */
    static final Duration MIN_CONNECT = Duration.ofMillis(250);

    /**
     * How much longer than a statement may run the driver waits for the server's answer: room
     * for the commit's flush to disk and the network, so that a slow statement is always ended
     * by the server (cleanly, its transaction rolled back) and never cut off by the driver.
     */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

    /** A save waits a second for a lock at most: DESIGN says a request never waits on another user's lock. */
    public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(
            Duration.ofMillis(1_000), Duration.ofMillis(15_000), Duration.ofMillis(10_000), Duration.ofMillis(1_000));

    public DatabaseTimeouts {
        positive("lock", lock);
        positive("statement", statement);
        positive("idleInTransaction", idleInTransaction);
        positive("connect", connect);
        if (connect.compareTo(MIN_CONNECT) < 0) {
            throw new IllegalArgumentException("the connect timeout must be at least " + MIN_CONNECT.toMillis() + " ms");
        }
    }

    /** The statement every new pooled connection runs first. */
    String sessionSettings() {
        return "SET lock_timeout = " + lock.toMillis()
                + "; SET statement_timeout = " + statement.toMillis()
                + "; SET idle_in_transaction_session_timeout = " + idleInTransaction.toMillis();
    }

    /**
     * How long a pooled connection waits for the server's answer before the driver gives the
     * connection up (PgJDBC's {@code socketTimeout}, in whole seconds): the statement timeout
     * and {@link #SOCKET_MARGIN}, rounded up to a whole second.
     */
    public Duration socket() {
        long millis = statement.plus(SOCKET_MARGIN).toMillis();
        return Duration.ofSeconds((millis + 999) / 1_000);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + name + " timeout must be positive, not " + d);
        }
    }
}
