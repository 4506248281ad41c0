package stet.history.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.CreateOutcome;
import stet.record.RecordService;
import stet.record.SaveOutcome;
import stet.record.SaveRequest;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * The history benchmark of docs/benchmarks.md ("History storage"): on a fresh embedded
 * PostgreSQL, one record with a 100 KB longtext gets 1,000 revisions, each changing one
 * line, through the real save path. It reports the revision table's size against 1,000
 * full copies in the same database, the time to read the oldest (and the slowest)
 * revision, and the history page's latency at 10^3 and 10^5 revisions.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@history}
 */
public final class HistoryBenchmark {

    static final int REVISIONS = 1_000;
    static final int READS = 300;
    static final int PAGE_LOADS = 300;

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("stet-history-bench");
        try (App app = TestApp.start(Database.embedded(dataDir))) {
            run(app);
        }
    }

    static void run(App app) {
        Database db = app.database();
        DSLContext dsl = db.dsl();
        Components parts = Components.build(db);
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection docs = parts.collections().create("docs", "Documents", List.of(
                new FieldDef("title", "Title", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("body", "Body", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, admin);
        Random random = new Random(1);
        List<String> lines = new ArrayList<>();
        int length = 0;
        while (length < 100_000) {
            String line = sentence(random) + "\n";
            lines.add(line);
            length += line.length();
        }
        RecordService records = parts.records();
        var created = (CreateOutcome.Created) records.create(docs,
                form(Map.of("title", "A long document", "body", String.join("", lines))), null, null, admin);
        StoredRecord record = created.record();
        long started = System.nanoTime();
        for (int i = 1; i < REVISIONS; i++) {
            lines.set(random.nextInt(lines.size()), sentence(random) + "\n");
            var outcome = records.save(new SaveRequest(record.id(), record.version(),
                    records.versionToken(record, admin), form(Map.of("title", "A long document", "body", String.join("", lines))),
                    null, null, null), admin);
            record = ((SaveOutcome.Saved) outcome).record();
        }
        double saveMs = (System.nanoTime() - started) / 1e6 / (REVISIONS - 1);
        long id = record.id();
        dsl.execute("vacuum analyze revision");

        // 1,000 full copies in the same database: the naive revision table.
        dsl.execute("create table full_copies (record_id bigint, version integer, kind text, author_id bigint, "
                + "created_at timestamptz, base_version integer, comment text, changed_fields text[], data jsonb not null, "
                + "primary key (record_id, version))");
        for (int v = 1; v <= REVISIONS; v++) {
            dsl.execute("insert into full_copies values (?, ?, 'update', ?, now(), ?, null, '{body}', ?::jsonb)",
                    id, v, admin.id(), v - 1, stet.db.JsonMaps.toJsonb(records.revision(id, v).data()).data());
        }
        dsl.execute("vacuum analyze full_copies");
        long compact = dsl.fetchSingle("select pg_total_relation_size('revision')").get(0, Long.class);
        long full = dsl.fetchSingle("select pg_total_relation_size('full_copies')").get(0, Long.class);

        double[] oldest = time(READS, () -> records.revision(id, 1));
        double[] slowest = time(READS, () -> records.revision(id, 50));
        double[] newest = time(READS, () -> records.revision(id, REVISIONS));

        WebClient browser = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
        String history = "/records/" + id + "/history";
        double[] page3 = time(PAGE_LOADS, () -> check(browser.get(history)));
        // Grow the history to 100,000 revisions in bulk (same shape: snapshots every 50, deltas between).
        dsl.execute("insert into revision (record_id, version, kind, author_id, created_at, base_version, changed_fields, data, delta) "
                + "select ?, v, 'update', ?, now(), v - 1, '{title}', case when (v - 1) % 50 = 0 then r.data end, "
                + "case when (v - 1) % 50 <> 0 then '{}'::jsonb end "
                + "from generate_series(?, 100000) v, record r where r.id = ?", id, admin.id(), REVISIONS + 1, id);
        dsl.execute("update record set version = 100000 where id = ?", id);
        dsl.execute("vacuum analyze revision");
        double[] page5 = time(PAGE_LOADS, () -> check(browser.get(history)));

        System.out.printf("revisions: %d of one record, each changing one line of a %d-byte longtext (%d lines)%n",
                REVISIONS, length, lines.size());
        System.out.printf("save through RecordService: %.2f ms per revision (mean)%n", saveMs);
        System.out.printf("revision table (with indexes and TOAST): %,d bytes; 1,000 full copies: %,d bytes; ratio %.2f%%%n",
                compact, full, 100.0 * compact / full);
        System.out.printf("read version 1 (oldest, a snapshot): median %.2f ms, p95 %.2f ms%n", oldest[0], oldest[1]);
        System.out.printf("read version 50 (49 deltas after a snapshot): median %.2f ms, p95 %.2f ms%n", slowest[0], slowest[1]);
        System.out.printf("read version 1000 (newest): median %.2f ms, p95 %.2f ms%n", newest[0], newest[1]);
        System.out.printf("history page (HTTP GET, first page) at 10^3 revisions: median %.2f ms, p95 %.2f ms%n", page3[0], page3[1]);
        System.out.printf("history page (HTTP GET, first page) at 10^5 revisions: median %.2f ms, p95 %.2f ms%n", page5[0], page5[1]);
        System.out.printf("ratio 10^5 / 10^3 (medians): %.2f%n", page5[0] / page3[0]);
        dsl.execute("drop table full_copies");
    }

    static void check(WebClient.Page page) {
        if (page.status() != 200) {
            throw new IllegalStateException("history page answered " + page.status());
        }
    }

    /** Median and 95th percentile in ms, after as many warm-up runs. */
    static double[] time(int runs, Runnable work) {
        for (int i = 0; i < runs; i++) {
            work.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[(int) (runs * 0.95)]};
    }

    static final String[] WORDS = ("the of and to in is was for on that with as by at from his her it an were are which "
            + "this be or has had not but what all when there can who been one more if their out so up said about into "
            + "record merge version history line field value change editor admin revision document paragraph section").split(" ");

    static String sentence(Random random) {
        int words = 6 + random.nextInt(8);
        return java.util.stream.IntStream.range(0, words).mapToObj(i -> WORDS[random.nextInt(WORDS.length)])
                .collect(Collectors.joining(" ")) + ".";
    }

    static Map<String, List<String>> form(Map<String, String> values) {
        Map<String, List<String>> form = new HashMap<>();
        values.forEach((k, v) -> form.put(k, List.of(v)));
        return form;
    }
}
