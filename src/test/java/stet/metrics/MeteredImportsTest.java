package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import stet.imports.ImportMetrics;
import stet.imports.RowResult;

class MeteredImportsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeteredImports imports = new MeteredImports(registry);

    @Test
    void every_step_and_row_result_is_registered_at_zero_before_it_happens() {
        for (ImportMetrics.Event event : ImportMetrics.Event.values()) {
            assertThat(registry.get("stet.imports").tag("event", event.label()).counter().count()).isZero();
        }
        for (RowResult result : RowResult.values()) {
            assertThat(registry.get("stet.import.rows").tag("result", result.dbName()).counter().count()).isZero();
        }
        assertThat(registry.get("stet.import.batches").timer().count()).isZero();
    }

    @Test
    void a_batch_adds_its_rows_by_result_and_its_time() {
        imports.batch(TimeUnit.MILLISECONDS.toNanos(30), Map.of(RowResult.CREATED, 3, RowResult.CONFLICT, 1));
        imports.batch(TimeUnit.MILLISECONDS.toNanos(10), Map.of(RowResult.CREATED, 2));
        imports.event(ImportMetrics.Event.DONE);

        assertThat(registry.get("stet.import.rows").tag("result", "created").counter().count()).isEqualTo(5);
        assertThat(registry.get("stet.import.rows").tag("result", "conflict").counter().count()).isEqualTo(1);
        assertThat(registry.get("stet.import.rows").tag("result", "merged").counter().count()).isZero();
        assertThat(registry.get("stet.import.batches").timer().count()).isEqualTo(2);
        assertThat(registry.get("stet.import.batches").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("stet.imports").tag("event", "done").counter().count()).isEqualTo(1);
        assertThat(registry.get("stet.imports").tag("event", "started").counter().count()).isZero();
    }
}
