package stet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import stet.imports.ImportMetrics;
import stet.imports.RowResult;

/**
 * Imports as {@code stet_imports_total{event}}, the rows their batches applied as
 * {@code stet_import_rows_total{result}} and the batches' transactions as
 * {@code stet_import_batches_seconds}. Every meter is registered up front, so each event
 * and result shows (as 0) before it first happens.
 */
final class MeteredImports implements ImportMetrics {

    private final Map<Event, Counter> events = new EnumMap<>(Event.class);
    private final Map<RowResult, Counter> rows = new EnumMap<>(RowResult.class);
    private final Timer batches;

    MeteredImports(MeterRegistry registry) {
        for (Event event : Event.values()) {
            events.put(event, Counter.builder("stet.imports")
                    .description("CSV imports by step: previewed, refused, started, done, failed, reverted")
                    .tag("event", event.label())
                    .register(registry));
        }
        for (RowResult result : RowResult.values()) {
            rows.put(result, Counter.builder("stet.import.rows")
                    .description("Rows applied by this node's import workers, by what each came to")
                    .tag("result", result.dbName())
                    .register(registry));
        }
        batches = Timer.builder("stet.import.batches")
                .description("Batches of import rows applied by this node's workers, one transaction each")
                .serviceLevelObjectives(RequestLog.LATENCY_BUCKETS)
                .register(registry);
    }

    @Override
    public void event(Event event) {
        events.get(event).increment();
    }

    @Override
    public void batch(long nanos, Map<RowResult, Integer> results) {
        batches.record(nanos, TimeUnit.NANOSECONDS);
        results.forEach((result, count) -> rows.get(result).increment(count));
    }
}
