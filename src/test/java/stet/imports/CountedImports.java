package stet.imports;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What an import service reported, counted where a test can read it (workers report from their threads). */
final class CountedImports implements ImportMetrics {

    private final Map<Event, AtomicInteger> events = new ConcurrentHashMap<>();
    private final Map<RowResult, AtomicInteger> rows = new ConcurrentHashMap<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger untimed = new AtomicInteger();

    @Override
    public void event(Event event) {
        events.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void batch(long nanos, Map<RowResult, Integer> results) {
        if (nanos <= 0) {
            untimed.incrementAndGet();
        }
        batches.incrementAndGet();
        results.forEach((result, count) -> rows.computeIfAbsent(result, r -> new AtomicInteger()).addAndGet(count));
    }

    int events(Event event) {
        AtomicInteger count = events.get(event);
        return count == null ? 0 : count.get();
    }

    int rows(RowResult result) {
        AtomicInteger count = rows.get(result);
        return count == null ? 0 : count.get();
    }

    int batches() {
        return batches.get();
    }

    /** Batches reported as taking no time at all. */
    int untimed() {
        return untimed.get();
    }
}
