package stet.history;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import stet.record.Revision;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * The history page's rows (50 revisions, as its first page shows them) in a warm JVM, and
 * their times alone: written digit by digit ({@link When#of}) against the JDK's formatters
 * and {@link Duration} that wrote them before (the reference, kept here). Run with
 * {@code mvn -q -Pbench test-compile exec:exec@bench -Dbench.args="HistoryRowsBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HistoryRowsBenchmark {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final List<Revision> revisions = new ArrayList<>();
    private FieldLabels labels;
    private HistoryRows.Selection selection;
    private Instant now;

    @Setup
    public void setUp() {
        now = Instant.parse("2026-11-26T18:00:00.123456Z");
        List<FieldDef> fields = List.of(field("title"), field("note"), field("body"));
        labels = new FieldLabels(fields);
        for (int v = 3_000; v > 2_950; v--) {
            OffsetDateTime at = now.minusSeconds(7L * (3_000 - v) + 3).minusNanos(v * 1_000L).atOffset(ZoneOffset.UTC);
            revisions.add(new Revision(1L, v, Revision.Kind.UPDATE, 1L, "Admin", at, null, null, v % 3 == 0 ? "typo" : null,
                    List.of("title"), Map.of()));
        }
        selection = HistoryRows.Selection.defaults(3_000, revisions);
    }

    @Benchmark
    public String rows() {
        return HistoryRows.of(1L, revisions, labels, selection, now).toString();
    }

    @Benchmark
    public void times(Blackhole out) {
        for (Revision rev : revisions) {
            out.consume(When.of(rev.createdAt(), now));
        }
    }

    /** The reference: {@link When#of} as it was, on the JDK's formatters and {@link Duration}. */
    @Benchmark
    public void timesByJdkFormatters(Blackhole out) {
        for (Revision rev : revisions) {
            Instant instant = rev.createdAt().toInstant();
            long seconds = Math.max(0, Duration.between(instant, now).getSeconds());
            out.consume(Map.of("iso", instant.truncatedTo(ChronoUnit.SECONDS).toString(),
                    "exact", EXACT.format(rev.createdAt().withOffsetSameInstant(ZoneOffset.UTC)),
                    "ago", When.ago(Instant.EPOCH, Instant.ofEpochSecond(seconds))));
        }
    }

    private static FieldDef field(String key) {
        return new FieldDef(key, key, FieldType.TEXT, false, false, null, null, false, List.of());
    }
}
