package stet.record.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.support.OwnEdits;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * Save throughput on one hot record (docs/benchmarks.md, "Hot record: locked stale merges
 * (issue 14)"): stet in-process on an embedded PostgreSQL, N logged-in HTTP clients (8,
 * then 16) saving ONE record through the edit form (GET the form, change it, POST it, no
 * redirect followed) for a fixed time. Each save changes only what is the client's own
 * (its own text field, its own line of a longtext, +1 on a delta field), so no two saves
 * conflict: every answer should be a save (303). A merge page (409) is a clean merge
 * that was not saved; the client then starts again from a fresh form. Reported per phase:
 * saves a second, the share of answers that were merge pages, and the POST's p50/p99.
 * After each phase the delta field must equal the saves counted, or the run fails.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@hot} ({@code -Dbench.seconds=N} per
 * phase, 10 by default). To compare with the code before issue 14, run the same file at
 * the commit before (see docs/benchmarks.md).
 */
public final class HotRecordBenchmark {

    static final int SECONDS = Integer.getInteger("stet.bench.seconds", 10);
    static final int WARM_UP_SECONDS = 5;
    static final int[] CLIENTS = {8, 16};
    static final int MAX_CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("stet-hot-bench");
        try (App app = TestApp.start(Database.embedded(dataDir))) {
            Components parts = Components.build(app.database());
            User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
            parts.collections().create("hot", "Hot", OwnEdits.fields(MAX_CLIENTS), false, admin);
            List<WebClient> clients = new ArrayList<>();
            for (int c = 0; c < MAX_CLIENTS; c++) {
                clients.add(new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD));
            }
            System.out.printf("load average before: %s%n", SaveBenchmark.loadAverage());
            phase("warm-up", app, clients.subList(0, 8), WARM_UP_SECONDS);
            for (int n : CLIENTS) {
                phase(n + " clients", app, clients.subList(0, n), SECONDS);
            }
            System.out.printf("load average after: %s%n", SaveBenchmark.loadAverage());
        }
    }

    /** What one client saw: its saves, its merge pages, and each POST's time in nanoseconds. */
    private record Tally(int saves, int mergePages, long[] nanos) {}

    private static void phase(String name, App app, List<WebClient> clients, int seconds) throws Exception {
        long id = Records.create(clients.get(0), "hot", Map.of("count", "0", "notes", OwnEdits.lines(MAX_CLIENTS)));
        CyclicBarrier start = new CyclicBarrier(clients.size());
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        List<Future<Tally>> futures = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            int client = c;
            WebClient browser = clients.get(c);
            futures.add(pool.submit(() -> {
                start.await(60, TimeUnit.SECONDS);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                int saves = 0;
                int mergePages = 0;
                long[] nanos = new long[1 << 16];
                int n = 0;
                for (int save = 1; System.nanoTime() < end; save++) {
                    Map<String, List<String>> form = browser.get("/records/" + id + "/edit").form("record-form");
                    form.put("own" + client, List.of("client " + client + " value " + save));
                    form.put("notes", List.of(OwnEdits.withOwnLine(form.get("notes").get(0), client, save)));
                    form.put("count", List.of(Integer.toString(Integer.parseInt(form.get("count").get(0)) + 1)));
                    long started = System.nanoTime();
                    int status = browser.postForm("/records/" + id, form).status();
                    if (n < nanos.length) {
                        nanos[n++] = System.nanoTime() - started;
                    }
                    if (status == 303) {
                        saves++;
                    } else if (status == 409) {
                        mergePages++;
                    } else {
                        throw new IllegalStateException("a save answered " + status);
                    }
                }
                return new Tally(saves, mergePages, Arrays.copyOf(nanos, n));
            }));
        }
        int saves = 0;
        int mergePages = 0;
        List<long[]> times = new ArrayList<>();
        for (Future<Tally> f : futures) {
            Tally t = f.get(seconds + 120L, TimeUnit.SECONDS);
            saves += t.saves();
            mergePages += t.mergePages();
            times.add(t.nanos());
        }
        pool.shutdown();
        String count = app.database().dsl().fetchValue("select data->>'count' from record where id = ?", id).toString();
        if (!count.equals(Integer.toString(saves))) {
            throw new IllegalStateException(name + ": the delta field is " + count + " after " + saves + " saves");
        }
        long[] all = times.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%-10s %5.1f saves/s, %d saves, %d merge pages (%.1f %% of answers), POST p50 %.1f ms,"
                + " p99 %.1f ms, load %s%n", name, saves / (double) seconds, saves, mergePages,
                100.0 * mergePages / Math.max(1, saves + mergePages), percentile(all, 0.50), percentile(all, 0.99),
                SaveBenchmark.loadAverage());
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
