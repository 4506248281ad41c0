package stet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import stet.record.SaveMetrics;

/**
 * Save outcomes as {@code stet_saves_total{outcome}}, merges as {@code stet_merges_seconds{result}}
 * and their input as {@code stet_merge_input_characters}. Every meter is registered up
 * front, so each outcome shows (as 0) before it first happens and rates need no guessing.
 */
final class MeteredSaves implements SaveMetrics {

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer clean;
    private final Timer conflicting;
    private final DistributionSummary input;

    MeteredSaves(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("stet.saves")
                    .description("Saves, reverts, undos and stale deletes by what they came to")
                    .tag("outcome", outcome.label())
                    .register(registry));
        }
        clean = mergeTimer(registry, "clean");
        conflicting = mergeTimer(registry, "conflict");
        input = DistributionSummary.builder("stet.merge.input")
                .description("Characters of the original, theirs and yours together, per three-way record merge")
                .baseUnit("characters")
                .serviceLevelObjectives(1e3, 1e4, 1e5, 1e6, 1e7)
                .register(registry);
    }

    private static Timer mergeTimer(MeterRegistry registry, String result) {
        return Timer.builder("stet.merges")
                .description("Three-way record merges (automatic saves, merge pages, undos) by result")
                .tag("result", result)
                .serviceLevelObjectives(RequestLog.LATENCY_BUCKETS)
                .register(registry);
    }

    @Override
    public void outcome(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    @Override
    public void merge(long nanos, boolean clean, long inputChars) {
        (clean ? this.clean : conflicting).record(nanos, TimeUnit.NANOSECONDS);
        input.record(inputChars);
    }
}
