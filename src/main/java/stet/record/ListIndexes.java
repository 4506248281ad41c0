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
import java.util.function.Supplier;
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
 * <p>Only a collection of at least {@code minRecords} live records has them (one that had
 * them keeps them down to half as many), and a check every minute builds them for a
 * collection that grew past that (an import, a script) and drops them from one that
 * shrank. Every index and statistics object on {@code record} costs every collection:
 * each write opens and locks every index of the table and tests each partial index's
 * condition, and each plan weighs every index and loads every statistics object (at 10^6
 * records, 300 more indexes took a save's update from 2.98 to 4.03 ms, and 100 more
 * statistics a plan of a record read by id from 0.3 to 2.1–2.6 ms: docs/benchmarks.md).
 * A small collection sorts and filters its records without them in a few milliseconds.
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

    /**
     * The fewest live records for which a collection has list indexes. Below it, a sorted or
     * filtered page reads the collection's records through its own index and sorts them: 999
     * records took 2.2–3.3 ms in PostgreSQL at 10^6 records in all, and the page 4–8 ms more
     * than with the index (docs/benchmarks.md).
     */
    public static final int MIN_RECORDS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ListIndexes.class);
    private static final long RETRY_SECONDS = 5;
    /** How often every collection's size is checked against its indexes. */
    private static final long SIZE_CHECK_SECONDS = 60;

    private final Database db;
    private final LongFunction<Optional<Collection>> definitions;
    private final Supplier<List<Collection>> collections;
    private final int minRecords;
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
     * @param collections every collection, for the passes at start and the size checks
     * @param minRecords the fewest live records for which a collection has list indexes
     *     ({@link #MIN_RECORDS}; 0 for every collection, whatever its size)
     */
    public ListIndexes(Database db, LongFunction<Optional<Collection>> definitions,
            Supplier<List<Collection>> collections, int minRecords) {
        this.db = db;
        this.definitions = definitions;
        this.collections = collections;
        this.minRecords = minRecords;
    }

    /** Brings a collection's indexes in step with its definition, soon, on the background thread. */
    public void refresh(Collection collection) {
        schedule(collection.id(), 0);
    }

    /**
     * Brings every collection's indexes in step with its definition and size, soon, and
     * then checks their sizes every minute.
     */
    public void start() {
        collections.get().forEach(this::refresh);
        if (minRecords > 0 && !thread.isShutdown()) {
            thread.scheduleWithFixedDelay(this::checkSizes, SIZE_CHECK_SECONDS, SIZE_CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Checks every collection's size against its indexes, on the calling thread and one
     * connection, and asks for a pass over each that grew past {@code minRecords} without
     * them or shrank below half of it with them (the passes follow on the background
     * thread). Once the database is closed, the checks stop.
     */
    void checkSizes() {
        if (db.isClosed()) {
            // The app closes this first; a set of parts left open over a closed database stops here.
            thread.shutdown();
            return;
        }
        try {
            List<Long> changing = db.maintenance(c -> collections.get().stream()
                    .map(Collection::id)
                    .filter(id -> {
                        boolean indexed = !ListIndexStore.existing(c, id).isEmpty();
                        return indexed != large(c, id, indexed);
                    })
                    .toList());
            changing.forEach(id -> schedule(id, 0));
        } catch (RuntimeException | SQLException e) {
            if (!thread.isShutdown()) {
                LOG.warn("The collections' sizes could not be checked against their list indexes; the next check,"
                        + " in a minute, tries again", e);
            }
        }
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
            List<ListIndex> defined = definitions.apply(collectionId).map(ListIndex::of).orElse(List.of());
            Map<String, Boolean> existing = ListIndexStore.existing(c, collectionId);
            List<ListIndex> wanted = !defined.isEmpty() && large(c, collectionId, !existing.isEmpty()) ? defined
                    : List.of();
            Set<String> names = wanted.stream().map(ListIndex::name).collect(Collectors.toSet());
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

    /**
     * Whether the collection is large enough for list indexes: at least {@code minRecords}
     * live records for one without them, at least half as many for one that has them (so a
     * collection near the size is not indexed and unindexed by turns).
     */
    private boolean large(DSLContext c, long collectionId, boolean indexed) {
        int needed = indexed ? (minRecords + 1) / 2 : minRecords;
        return needed == 0 || ListIndexStore.liveRecords(c, collectionId, needed) >= needed;
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
