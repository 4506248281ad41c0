package stet.imports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.db.Outage;
import stet.error.DatabaseUnavailableException;
import stet.error.OutcomeUnknownException;

/**
 * A node's import workers: a few threads that apply the batches of every import being
 * applied, whichever node started it. They find work by short polling (an apply on this
 * node wakes them at once), and between batches only: stopping lets the batch in hand
 * commit (or roll back, leaving its rows to another worker) and takes no new one.
 */
public final class ImportWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportWorkers.class);

    /** How many threads a node applies imports with. */
    static final int THREADS = 2;
    /**
     * How often an idle worker looks for work that another node started (the node that starts
     * an apply wakes its own workers at once): a second keeps an idle node's queries rare.
     */
    static final Duration POLL = Duration.ofSeconds(1);

    /** How often a node looks for previews left by nodes that stopped while reading an upload. */
    static final Duration SWEEP = Duration.ofMinutes(1);

    private final ImportStore store;
    private final ImportApplier applier;
    private final int threads;
    private final ImportMetrics metrics;
    private final Runnable sweep;
    /** When this node last swept (System.nanoTime), shared by its workers so one of them does it. */
    private final AtomicLong swept = new AtomicLong(System.nanoTime());
    private final Object signal = new Object();
    /** Told once per outage by all this node's workers, not at each retry. */
    private final Outage outage = new Outage();
    private final List<Thread> running = new ArrayList<>();
    private volatile IntConsumer afterBatch = n -> { };
    private volatile boolean stopping;
    private long wakes;

    /** Workers that also run {@code sweep} (stalled previews failed) once every {@link #SWEEP}. */
    ImportWorkers(ImportStore store, ImportApplier applier, int threads, ImportMetrics metrics, Runnable sweep) {
        this.store = store;
        this.applier = applier;
        this.threads = threads;
        this.metrics = metrics;
        this.sweep = sweep;
    }

    /** Starts the threads (again after {@link #stop}). */
    public synchronized ImportWorkers start() {
        if (!running.isEmpty()) {
            return this;
        }
        stopping = false;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::work, "stet-import-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
        return this;
    }

    /** Tells the threads to take no new batch, without waiting for them (see {@link #stop}). */
    public void halt() {
        stopping = true;
        wake();
    }

    /** Stops taking batches and waits for the ones in hand to end. */
    public synchronized void stop() {
        halt();
        for (Thread thread : running) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        running.clear();
    }

    /** Whether the threads are running. */
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public void close() {
        stop();
    }

    /** Tells idle workers there is work (an apply started on this node). */
    void wake() {
        synchronized (signal) {
            wakes++;
            signal.notifyAll();
        }
    }

    /**
     * Runs {@code listener} after each batch a worker of this node committed, with its row
     * count, on the worker's thread (tests stop a node mid-import from here).
     */
    public void afterBatch(IntConsumer listener) {
        this.afterBatch = listener;
    }

    private void work() {
        while (!stopping) {
            long seen;
            synchronized (signal) {
                seen = wakes;
            }
            boolean worked;
            try {
                sweepWhenDue();
                worked = workOnce();
                if (outage.ended()) {
                    LOG.info("Import workers: the database answers again; imports go on");
                }
            } catch (DatabaseUnavailableException | OutcomeUnknownException e) {
                // A batch that did not commit left its rows unapplied; one whose commit was lost
                // either set their applied flags or did not: either way it is safe to go on.
                if (outage.began()) {
                    LOG.warn("Import workers: the database is unavailable ({}); retrying every {} s until it answers",
                            e.getMessage(), POLL.toSeconds());
                }
                worked = false;
            } catch (RuntimeException e) {
                LOG.error("Import worker failed", e);
                worked = false;
            }
            if (!worked) {
                synchronized (signal) {
                    if (wakes == seen && !stopping) {
                        try {
                            signal.wait(POLL.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }

    private void sweepWhenDue() {
        long last = swept.get();
        if (System.nanoTime() - last >= SWEEP.toNanos() && swept.compareAndSet(last, System.nanoTime())) {
            sweep.run();
        }
    }

    /** Applies one batch of the first import with rows nobody holds; false when there was none. */
    private boolean workOnce() {
        for (long id : store.applying()) {
            if (stopping) {
                return true;
            }
            Optional<ImportJob> job = store.find(id).filter(j -> j.state() == ImportState.APPLYING);
            if (job.isEmpty()) {
                continue;
            }
            int applied;
            try {
                applied = applier.applyBatch(job.get());
            } catch (DatabaseUnavailableException | OutcomeUnknownException e) {
                throw e;
            } catch (RuntimeException e) {
                // Not the database being away: this import cannot go on; say so on it rather than retry for ever.
                LOG.error("Import {} failed", id, e);
                // Workers of several nodes may fail the same import at once: the one that did counts it.
                if (store.fail(id, "Applying stopped: " + e.getMessage())) {
                    metrics.event(ImportMetrics.Event.FAILED);
                }
                continue;
            }
            if (applied > 0) {
                afterBatch.accept(applied);
                return true;
            }
            if (store.finishIfDone(id)) {
                metrics.event(ImportMetrics.Event.DONE);
            }
        }
        return false;
    }
}
