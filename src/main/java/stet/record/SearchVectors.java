package stet.record;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.db.Database;
import stet.schema.Collection;

/**
 * The records' search vectors in step with their collection's definition. A vector holds
 * the words of the text and longtext fields the definition had when the record was last
 * written (V12, V25): a field removed since still found records by its words, and a field
 * made text found nothing. When a definition's text fields change (their keys, in order),
 * its vectors are made again, in batches of records, on a thread of its own; the keys they
 * were made for are kept with the collection (V29), so that a pass a stopping node left
 * unfinished runs again at the next start. Saves meanwhile make their own vectors under the
 * new definition, as ever. A collection whose keys were never kept (made before V29) is
 * taken as in step: its keys are kept at its first pass, with nothing made again.
 */
public final class SearchVectors implements AutoCloseable {

    /**
     * Records per batch: one short transaction, which locks them while their vectors are
     * made (about 0.1 s here, far inside the lock timeout a save of one of them waits).
     */
    static final int BATCH = 250;

    private static final Logger LOG = LoggerFactory.getLogger(SearchVectors.class);
    private static final long RETRY_SECONDS = 5;

    private final SearchVectorStore store;
    private final LongFunction<Optional<Collection>> definitions;
    private final Supplier<List<Collection>> collections;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stet-search-vectors");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param definitions a collection's current definition by id (read when its pass starts)
     * @param collections every collection, for the passes at start
     */
    public SearchVectors(Database db, LongFunction<Optional<Collection>> definitions,
            Supplier<List<Collection>> collections) {
        this.store = new SearchVectorStore(db);
        this.definitions = definitions;
        this.collections = collections;
    }

    /** Makes a collection's vectors again, soon, on the background thread, if its text fields changed. */
    public void refresh(Collection collection) {
        schedule(collection.id(), 0);
    }

    /** Brings every collection's vectors in step, soon (a pass left unfinished, a collection from before V29). */
    public void start() {
        collections.get().forEach(this::refresh);
    }

    /** Waits until the passes asked for so far are done. */
    public void awaitIdle() throws InterruptedException, ExecutionException {
        thread.submit(() -> { }).get();
    }

    private void schedule(long collectionId, long delaySeconds) {
        if (thread.isShutdown()) {
            return;
        }
        thread.schedule(() -> {
            try {
                pass(collectionId);
            } catch (RuntimeException e) {
                if (!thread.isShutdown()) {
                    LOG.warn("The search vectors of collection {} could not be made again; trying again in {} s",
                            collectionId, RETRY_SECONDS, e);
                    schedule(collectionId, RETRY_SECONDS);
                }
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    /** One collection's pass, on the calling thread. */
    void pass(long collectionId) {
        Optional<Collection> found = definitions.apply(collectionId);
        if (found.isEmpty()) {
            return;
        }
        Collection collection = found.get();
        List<String> keys = Collection.searchKeys(collection.fields());
        Optional<List<String>> made = store.searchKeys(collectionId);
        if (made.isEmpty()) {
            // Made before stet kept the keys: taken as in step with its definition.
            store.markMade(collectionId, collection.version(), keys);
            return;
        }
        if (made.get().equals(keys)) {
            return;
        }
        long started = System.nanoTime();
        long after = 0;
        int batches = 0;
        for (Optional<Long> last = store.remake(collectionId, after, BATCH); last.isPresent() && !thread.isShutdown();
                last = store.remake(collectionId, after, BATCH)) {
            after = last.get();
            batches++;
        }
        if (thread.isShutdown()) {
            return;
        }
        // Not marked when the definition changed meanwhile: its own pass, scheduled by its save, runs next.
        store.markMade(collectionId, collection.version(), keys);
        if (batches > 0) {
            LOG.info("Search vectors of collection {} made again for its text fields {} ({} batches, {} ms)",
                    collection.slug(), keys, batches, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Stops; a pass cut short runs again at the next start. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
