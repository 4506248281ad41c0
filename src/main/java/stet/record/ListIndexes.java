package stet.record;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.db.Database;
import stet.schema.Collection;

/**
 * Keeps each collection's list indexes ({@link ListIndex}), and the statistics of their
 * expressions, in step with its definition: after a definition is saved it builds the
 * indexes and statistics of new sortable and filterable fields and drops those of fields
 * that went, and at start-up it repairs what a stop or a crash left half done (and
 * creates the statistics of indexes built before stet kept any).
 *
 * <p>The work runs on one background thread that the app owns and stops, not in the
 * admin's request: {@code CREATE INDEX CONCURRENTLY} over a million records takes
 * seconds to minutes per index, longer than a request should wait and than its
 * statement timeout allows, and it must run outside the transaction that saved the
 * definition. Concurrently, so that records are saved meanwhile; one node at a time per
 * collection (an advisory lock; a node that finds it taken tries again a little later).
 * A build that fails leaves an invalid index: it is dropped and built once more, and a
 * second failure is logged and left to the next save or start.
 */
public final class ListIndexes implements AutoCloseable {

    /** What a pass over one collection came to. */
    enum Outcome {
        /** the indexes match the definition (or the collection is gone and so are they) */
        DONE,
        /** another node is changing this collection's indexes */
        BUSY,
        /** an index could not be built twice; logged */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ListIndexes.class);
    private static final long RETRY_SECONDS = 5;

    private final Database db;
    private final LongFunction<Optional<Collection>> definitions;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stet-list-indexes");
        t.setDaemon(true);
        return t;
    });
    /** The statement running now, so that {@link #close()} can cancel it. */
    private volatile Query running;

    /**
     * @param definitions a collection's current definition by id (read when its pass
     *     starts, so that a pass never builds for a definition that changed meanwhile)
     */
    public ListIndexes(Database db, LongFunction<Optional<Collection>> definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /** Brings a collection's indexes in step with its definition, soon, on the background thread. */
    public void refresh(Collection collection) {
        schedule(collection.id(), 0);
    }

    /** As {@link #refresh}, for each collection. */
    public void refreshAll(List<Collection> collections) {
        collections.forEach(this::refresh);
    }

    private void schedule(long collectionId, long delaySeconds) {
        if (thread.isShutdown()) {
            return;
        }
        thread.schedule(() -> {
            if (reconcileLogged(collectionId) == Outcome.BUSY) {
                schedule(collectionId, RETRY_SECONDS);
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    /** Waits until the passes asked for so far (not retries scheduled for later) are done. */
    public void awaitIdle() throws InterruptedException, ExecutionException {
        thread.submit(() -> {}).get();
    }

    private Outcome reconcileLogged(long collectionId) {
        try {
            return reconcile(collectionId);
        } catch (RuntimeException | SQLException e) {
            if (!thread.isShutdown()) {
                LOG.warn("The list indexes of collection {} could not be brought up to date; the next definition save"
                        + " or start tries again", collectionId, e);
            }
            return Outcome.FAILED;
        }
    }

    /** Brings a collection's indexes in step with its definition now, on the calling thread. */
    Outcome reconcile(long collectionId) throws SQLException {
        return db.maintenance(c -> {
            if (!ListIndexStore.tryLock(c, collectionId)) {
                return Outcome.BUSY;
            }
            List<ListIndex> wanted = definitions.apply(collectionId).map(ListIndex::of).orElse(List.of());
            Set<String> names = wanted.stream().map(ListIndex::name).collect(Collectors.toSet());
            Map<String, Boolean> existing = ListIndexStore.existing(c, collectionId);
            existing.forEach((name, valid) -> {
                if (!names.contains(name) || !valid) {
                    ListIndexStore.drop(c, name, this::running);
                }
            });
            Set<String> statistics = ListIndexStore.existingStatistics(c, collectionId);
            for (String name : statistics) {
                if (!names.contains(name)) {
                    ListIndexStore.dropStatistics(c, name, this::running);
                }
            }
            Outcome outcome = Outcome.DONE;
            // New indexes and new statistics are empty until the table is analyzed.
            boolean analyze = false;
            for (ListIndex index : wanted) {
                if (!Boolean.TRUE.equals(existing.get(index.name()))) {
                    if (!build(c, index)) {
                        outcome = Outcome.FAILED;
                    }
                    analyze = true;
                }
                if (!index.statistics().isEmpty() && !statistics.contains(index.name()) && createStatistics(c, index)) {
                    analyze = true;
                }
            }
            if (analyze) {
                ListIndexStore.analyze(c, this::running);
            }
            return outcome;
        });
    }

    /** Builds an index; a failed build leaves it invalid, so it is dropped and built once more. */
    private boolean build(DSLContext c, ListIndex index) {
        for (int attempt = 1; ; attempt++) {
            try {
                ListIndexStore.create(c, index, this::running);
                return true;
            } catch (DataAccessException e) {
                if (thread.isShutdown()) {
                    return false;
                }
                ListIndexStore.drop(c, index.name(), this::running);
                if (attempt == 2) {
                    LOG.warn("The list index {} of collection {} could not be built: sorting and filtering by its column"
                            + " reads the whole collection until it is", index.name(), index.collectionId(), e);
                    return false;
                }
            }
        }
    }

    /**
     * Creates an index's statistics. A server that cannot (before PostgreSQL 14, which has no
     * statistics of expressions) is logged, and its lists work with the planner's guesses.
     */
    private boolean createStatistics(DSLContext c, ListIndex index) {
        try {
            ListIndexStore.createStatistics(c, index, this::running);
            return true;
        } catch (DataAccessException e) {
            if (!thread.isShutdown()) {
                LOG.warn("The statistics {} of collection {} could not be created: the planner guesses how many records"
                        + " a filter on its field keeps (PostgreSQL 14 or later keeps them)", index.name(),
                        index.collectionId(), e);
            }
            return false;
        }
    }

    private void running(Query query) {
        running = query;
    }

    /** Stops: cancels a build in progress (the next start drops what it left and builds it again). */
    @Override
    public void close() {
        thread.shutdownNow();
        Query query = running;
        if (query != null) {
            query.cancel();
        }
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
