package stet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import stet.db.DatabaseTimeouts;

/**
 * For tests that freeze a request at a lock they hold (a row locked from a connection of their
 * own) to run something else in the gap: waiting until the request is seen waiting, by
 * PostgreSQL's own account, rather than for a while.
 */
public final class LockWaits {

    /** How long a test waits for what it waits for here. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * Timeouts for a node whose requests a test holds at a lock: long enough that none gives up
     * (the default lock timeout is a second) before the test lets it go.
     */
    public static final DatabaseTimeouts PATIENT = new DatabaseTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(5));

    private LockWaits() {}

    /**
     * Waits until a statement of {@code sql}'s database (another connection than the asking
     * one) waits for a lock; fails when {@code request} is answered first: then it did not wait.
     */
    public static void awaitWaitingOnLock(DSLContext sql, Future<?> request) throws Exception {
        awaitWaitingOnLock(sql, request::isDone, () -> request.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** {@link #awaitWaitingOnLock(DSLContext, Future)} for work that is {@code done} when it says so, with {@code result} to show. */
    public static void awaitWaitingOnLock(DSLContext sql, BooleanSupplier done, Callable<?> result) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sql.fetchCount(DSL.selectOne().from("pg_stat_activity")
                .where("wait_event_type = 'Lock' and datname = current_database() and pid <> pg_backend_pid()")) == 0) {
            if (done.getAsBoolean()) {
                fail("done without waiting for the lock the test holds: " + result.call());
            }
            if (System.nanoTime() > deadline) {
                fail("no statement waited for the lock the test holds within " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Waits for what other threads make true without an event to wait on (import workers poll). */
    public static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("done within %s", WAIT).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
