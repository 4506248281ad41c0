package stet.db;

import java.util.function.LongSupplier;

/**
 * Remembers that the database could not be reached, so that requests fail at once
 * instead of each waiting out the connection timeout. After a connection failure the
 * circuit is open for {@code coolDown}; then one caller at a time is let through to
 * try, and the first success closes it again.
 */
final class Circuit {

    private final long coolDownNanos;
    private final LongSupplier nanoClock;

    private boolean open;
    private long openUntil;
    private boolean probing;

    Circuit(long coolDownNanos, LongSupplier nanoClock) {
        this.coolDownNanos = coolDownNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether a caller may try the database now; false means fail at once. */
    synchronized boolean allow() {
        if (!open) {
            return true;
        }
        if (nanoClock.getAsLong() - openUntil < 0 || probing) {
            return false;
        }
        // One probe at a time: the others keep failing fast instead of all waiting on a dead server.
        probing = true;
        return true;
    }

    /** The database answered: close the circuit. */
    synchronized void succeeded() {
        open = false;
        probing = false;
    }

    /** A caller's try told nothing about the server (the pool was full): let the next caller probe. */
    synchronized void inconclusive() {
        probing = false;
    }

    /** The database could not be reached: open (or re-open) the circuit for the cool-down. */
    synchronized void failed() {
        open = true;
        probing = false;
        openUntil = nanoClock.getAsLong() + coolDownNanos;
    }

    /** Whether the database is known to be down (the circuit is open, cooling down or probing). */
    synchronized boolean isOpen() {
        return open;
    }
}
