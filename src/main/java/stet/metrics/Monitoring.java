package stet.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import stet.imports.ImportMetrics;
import stet.lease.LeaseService;
import stet.record.SaveMetrics;

/**
 * One app's metrics: a Prometheus registry (never Micrometer's global one, so two apps in
 * one JVM, as in the tests, count apart) with the JVM's memory, garbage collection,
 * threads, class loading, processor and uptime bound to it. The composition root hands
 * its parts to whoever measures: the connection pool, the record service, the request log.
 */
public final class Monitoring implements AutoCloseable {

    /** The Prometheus text format that {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Listens to the JVM's collectors until closed. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Monitoring() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** HikariCP's own meters ({@code hikaricp_connections}, …) in this registry. */
    public MetricsTrackerFactory connectionPool() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /** Save outcomes and merges, as the record service reports them. */
    public SaveMetrics saves() {
        return new MeteredSaves(registry);
    }

    /** Imports' steps, the rows their batches applied, and the batches' time, as the import service reports them. */
    public ImportMetrics imports() {
        return new MeteredImports(registry);
    }

    /** Lease outcomes ({@code stet_leases_total{outcome=taken|refused|released|broken}}). */
    public Consumer<LeaseService.Counted> leases() {
        Map<LeaseService.Counted, Counter> counters = new EnumMap<>(LeaseService.Counted.class);
        // Every outcome is present from the start, at 0, like the saves'.
        for (LeaseService.Counted outcome : LeaseService.Counted.values()) {
            counters.put(outcome, Counter.builder("stet_leases")
                    .description("Edit leases by what taking, releasing or breaking one came to")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        return counted -> counters.get(counted).increment();
    }

    /** The open live-change streams of this node ({@code stet_live_streams}). */
    public void trackStreams(IntSupplier open) {
        Gauge.builder("stet_live_streams", open::getAsInt)
                .description("Event streams open on this node")
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
