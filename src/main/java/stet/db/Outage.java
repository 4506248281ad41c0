package stet.db;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a worker that retries while the database is away should say so: at the first
 * failure of an outage and at the first success after it, not at every retry (a loop that
 * retries each second would otherwise write a warning each second for as long as the
 * database is down). Shared by the threads of one worker, so that an outage is told once.
 */
public final class Outage {

    private final AtomicBoolean down = new AtomicBoolean();

    /** A retry failed because the database is away: true for the first failure of an outage only. */
    public boolean began() {
        return down.compareAndSet(false, true);
    }

    /** A retry succeeded: true for the first success after an outage only. */
    public boolean ended() {
        return down.compareAndSet(true, false);
    }
}
