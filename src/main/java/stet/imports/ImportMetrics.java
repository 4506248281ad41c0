package stet.imports;

import java.util.Locale;
import java.util.Map;

/**
 * What imports report for monitoring, with plain values only, so that this package needs
 * no metrics library: {@code stet.metrics} counts them; service-level tests pass
 * {@link #NONE}. Each node reports what it did itself: the uploads, applies and reverts it
 * served, and the batches its workers committed (whichever node started the import).
 */
public interface ImportMetrics {

    /** A step in an import's life, as counted. */
    enum Event {
        /** A file read and every row classified: a preview, ready to apply. */
        PREVIEWED,
        /** A file refused (not CSV, too large, a bad column or match field): nothing was kept. */
        REFUSED,
        /** A ready import's apply started. */
        STARTED,
        /** An import's last row applied: counted once, by the node whose worker found it done. */
        DONE,
        /** An import stopped for good, with the failure shown on it: counted once. */
        FAILED,
        /** A done import reverted by an admin. */
        REVERTED;

        /** The label value: lower case, as Prometheus labels usually are. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Counts one step. */
    void event(Event event);

    /**
     * One batch of rows applied and committed: how long its transaction took (with any
     * retries after a definition change) and how many of its rows came to each result.
     */
    void batch(long nanos, Map<RowResult, Integer> results);

    /** Reports nothing: for tests and tools that build the services without a registry. */
    ImportMetrics NONE = new ImportMetrics() {
        @Override
        public void event(Event event) {}

        @Override
        public void batch(long nanos, Map<RowResult, Integer> results) {}
    };
}
