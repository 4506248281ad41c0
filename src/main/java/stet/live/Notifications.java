package stet.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.db.Database;

/**
 * A node's one listening connection: {@code LISTEN stet_events} on a connection of its
 * own (outside the pool), handing every payload to the receiver. When the connection
 * breaks (PostgreSQL restarted, the network dropped) it connects again, backing off up to
 * {@link #MAX_BACKOFF}, and then calls {@code reconnected}: what was sent meanwhile is lost,
 * so the receiver reads again what it shows.
 */
final class Notifications implements AutoCloseable {

    static final String CHANNEL = "stet_events";
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    /** How long one wait for notifications lasts; a closed listener stops within it. */
    private static final int WAIT_MILLIS = 500;
    /** How often an idle connection is checked: a dead server is noticed within this. */
    private static final Duration PING = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Database db;
    private final Consumer<String> receiver;
    private final Runnable reconnected;
    private final Thread thread;
    private volatile boolean closed;
    private volatile CountDownLatch listening = new CountDownLatch(1);
    private volatile Connection connection;

    Notifications(Database db, Consumer<String> receiver, Runnable reconnected) {
        this.db = db;
        this.receiver = receiver;
        this.reconnected = reconnected;
        this.thread = new Thread(this::run, "stet-listen");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the listener is listening (tests, and a node that wants to be sure before serving). */
    boolean awaitListening(Duration limit) throws InterruptedException {
        return listening.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isListening() {
        return listening.getCount() == 0;
    }

    private void run() {
        long backoff = 100;
        boolean first = true;
        while (!closed) {
            try (Connection c = db.openDedicated()) {
                connection = c;
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                backoff = 100;
                if (!first) {
                    LOG.info("listening for live changes again");
                    reconnected.run();
                }
                first = false;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (listening.getCount() == 0) {
                    listening = new CountDownLatch(1);
                }
                LOG.warn("live changes: listening connection lost ({}); connecting again", e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } finally {
                connection = null;
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!closed) {
            PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
            if (received != null) {
                for (PGNotification n : received) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - lastPing > PING.toNanos()) {
                try (Statement statement = c.createStatement()) {
                    statement.execute("select 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        try {
            receiver.accept(payload);
        } catch (RuntimeException e) {
            LOG.warn("live changes: could not hand on '{}'", payload, e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
