package stet.record.bench;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.jooq.DSLContext;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.CreateOutcome;
import stet.record.RecordService;
import stet.record.SaveOutcome;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * The save-path benchmark of docs/benchmarks.md ("Save path and pages"): in one run, on
 * one embedded PostgreSQL 17 cluster,
 * <ol>
 *   <li>pgbench runs the bare save transaction (read the version, conditional UPDATE of a
 *       1 KB jsonb record, revision INSERT), 8 clients, each its own record;</li>
 *   <li>stet, started in-process on the same database, serves 8 logged-in HTTP clients
 *       doing its form save: GET the edit form, POST it back with one field changed (no
 *       redirect followed), each client its own record, for the same time; then the
 *       same with a 100 KB longtext changed in one line, and a stale save that merges
 *       automatically (the form of the version before, a change that does not conflict);</li>
 *   <li>the record page, the edit form, the list and the history page at 8 clients,
 *       against a floor: a 20-row table rendered by Thymeleaf in a tiny Javalin app of
 *       its own, started here.</li>
 * </ol>
 * Every answer's status is checked (303 to the record for a save, 200 for a page), and
 * after each save phase every record's version must equal the saves its client counted,
 * so a broken save cannot look fast. Before all of it, every save and page is run in
 * unmeasured rounds until the JIT has caught up ({@link #warmUp}), and each phase prints
 * the CPU the JIT used while it was measured.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@save} (seconds per phase:
 * {@code -Dstet.bench.seconds=10}, passed on by the pom as {@code bench.seconds}).
 */
public final class SaveBenchmark {

    static final int CLIENTS = 8;
    /** The versions of each record whose history the short history page shows, as the "short history". */
    static final int SHORT_HISTORY = 5;
    static final int SECONDS = Integer.getInteger("stet.bench.seconds", 10);
    static final int WARM_UP_SECONDS = Integer.getInteger("stet.bench.warmup", 3);
    /**
     * The most warm-up rounds (each every save and page, unmeasured) before the first phase:
     * they stop earlier once the JIT's threads use less than 5% of a round's time in CPU.
     */
    static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("stet.bench.warmUpRounds", 8);
    /**
     * The phases to measure ({@code -Dbench.phases=pgbench,save,large,stale,floor,record,edit,list,history};
     * all by default): profiling one path is quicker and its profile cleaner without the others.
     */
    static final Set<String> PHASES = phases(System.getProperty("stet.bench.phases", "all"));
    /**
     * The phases to record with Java Flight Recorder ({@code -Dbench.profile=list}, or
     * {@code save,list}), each into {@code target/bench-{phase}.jfr}: a profile of that phase
     * alone, without the warm-up's and the other phases' samples.
     */
    static final Set<String> PROFILE = Set.of(System.getProperty("stet.bench.profile", "none").split(","));

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("stet-save-bench");
        try (App app = TestApp.start(Database.embedded(dataDir)); Floor floor = Floor.start()) {
            run(app, dataDir, floor);
        }
    }

    static void run(App app, Path dataDir, Floor floor) throws Exception {
        System.out.printf("load average before: %s%n", loadAverage());
        DSLContext dsl = app.database().dsl();
        Components parts = Components.build(app.database());
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection bench = parts.collections().create("bench", "Bench", List.of(
                field("title", FieldType.TEXT), field("note", FieldType.TEXT), field("body", FieldType.LONGTEXT)),
                false, admin);
        String body1k = prose(new Random(1), 1_000);
        String body100k = prose(new Random(2), 100_000);
        long[] small = create(parts.records(), bench, admin, body1k);
        long[] large = create(parts.records(), bench, admin, body100k);
        long[] stale = create(parts.records(), bench, admin, body1k);
        // Eight more for the list, which has shown 32 records since the first round; the warm-up's
        // records are in a collection of their own, so that the list stays the same whatever it takes.
        create(parts.records(), bench, admin, body1k);
        Collection warm = parts.collections().create("warm", "Warm", bench.fields(), false, admin);
        // The pages as the issue measured them, besides the longer list and history above: a list of
        // three records, and the history of a record with a few versions (each client its own).
        Collection few = parts.collections().create("few", "Few", bench.fields(), false, admin);
        for (int i = 0; i < 3; i++) {
            parts.records().create(few, Map.of("title", List.of("Record " + i), "note", List.of(""), "body",
                    List.of(body1k)), null, null, admin);
        }
        Collection shortly = parts.collections().create("short", "Short histories", bench.fields(), false, admin);
        long[] shortHistories = create(parts.records(), shortly, admin, body1k);
        for (long id : shortHistories) {
            revise(parts.records(), id, admin, SHORT_HISTORY - 1);
        }

        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            WebClient login = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
            clients.add(new Client(app.port(), "stet_session=" + login.cookie("stet_session")));
        }
        // The JIT compiles the save path and the pages first (slowly, on 2 shared cores), so
        // that the first phase measured is not the one that pays for it.
        Cpu cpu = new Cpu(dataDir);
        if (!PROFILE.equals(Set.of("none"))) {
            // JFR's first recording in a JVM sets it up (and the JIT compiles again after it):
            // done before the warm-up, not in the first profiled phase.
            try (Recording setUp = new Recording()) {
                setUp.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                setUp.start();
            }
        }
        String listName = "list page (" + dsl.fetchCount(dsl.selectFrom("record").where("collection_id = " + bench.id()))
                + " records)";
        warmUp(app, cpu, clients, floor, () -> create(parts.records(), warm, admin, body1k), body1k, listName,
                shortHistories);

        double pgbench = Double.NaN;
        if (PHASES.contains("pgbench")) {
            long[] before = cpu.used();
            pgbench = pgbench(dsl, dataDir, body1k);
            System.out.printf("pgbench, bare save transaction (8 clients, %d s): %.0f tps (CPU per transaction: %s)%n",
                    SECONDS, pgbench, cpu.per(before, pgbench * SECONDS));
        }
        if (PHASES.contains("save")) {
            Rate saves = profiled("save", () -> saves(dsl, cpu, clients, c -> new FormSave(clients.get(c), small[c], body1k, false)));
            System.out.printf("stet form save, GET + POST (8 clients, %d s): %.0f saves/s (CPU per save: %s)%n", SECONDS,
                    saves.perSecond(), saves.cpu());
            System.out.printf("ratio stet / pgbench: %.3f (goal >= 0.50)%n", saves.perSecond() / pgbench);
        }
        if (PHASES.contains("large")) {
            Rate large100k = saves(dsl, cpu, clients, c -> new FormSave(clients.get(c), large[c], body100k, true));
            System.out.printf("stet form save of a 100 KB longtext, one line changed: %.0f saves/s (CPU per save: %s)%n",
                    large100k.perSecond(), large100k.cpu());
        }
        if (PHASES.contains("stale")) {
            Rate merges = saves(dsl, cpu, clients, c -> new StaleSave(clients.get(c), stale[c], body1k));
            System.out.printf("stet stale form save, merged automatically (303): %.0f saves/s (CPU per save: %s)%n",
                    merges.perSecond(), merges.cpu());
        }

        System.out.println("pages at 8 clients (rps, median, p99; a page's share is of the floor measured just"
                + " before and just after it):");
        UrlOf floorUrl = c -> floor.url();
        Load floorBefore = pages(cpu, clients, floorUrl);
        if (PHASES.contains("floor")) {
            print("floor (Javalin + Thymeleaf, 20 rows)", floorBefore, floorBefore);
        }
        List<Page> pages = pages(app, cpu, clients, small, listName, shortHistories);
        if (PHASES.contains("history") && !PHASES.contains("save")) {
            // The history page shows the form saves' revisions: run them once, unmeasured.
            saves(dsl, cpu, clients, c -> new FormSave(clients.get(c), small[c], body1k, false));
        }
        for (Page page : pages) {
            if (!PHASES.contains(page.phase())) {
                continue;
            }
            Load load = profiled(page.phase(), page::load);
            // The machine's speed drifts within a run: the floor on both sides of the page, not only the first.
            Load floorAfter = pages(cpu, clients, floorUrl);
            print(page.name(), load, Load.mean(floorBefore, floorAfter));
            floorBefore = floorAfter;
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    /**
     * Runs every save and page load, unmeasured, in rounds, each followed by a pause until the
     * JIT is idle, until a round in which the JIT's threads used less CPU than 5% of the
     * round's time (at most {@link #MAX_WARM_UP_ROUNDS}). Measured cold, the floor ran at half
     * the rate it reached later in the run and flattered every page; and after the fixed two
     * rounds of page loads that came before, the JIT was still busy during the measured phases.
     * Each round saves records of its own ({@code records}): a save loop counts a record's
     * versions from 1.
     */
    private static void warmUp(App app, Cpu cpu, List<Client> clients, Floor floor, Callable<long[]> records,
            String body, String listName, long[] shortHistories) throws Exception {
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            long jitBefore = cpu.jit();
            long start = System.nanoTime();
            long[] stale = records.call();
            long[] plain = records.call();
            run(loops(clients, c -> new StaleSave(clients.get(c), stale[c], body)), WARM_UP_SECONDS);
            run(loops(clients, c -> new FormSave(clients.get(c), plain[c], body, false)), WARM_UP_SECONDS);
            for (Page page : pages(app, cpu, clients, plain, listName, shortHistories)) {
                measure(clients, page.urls(), WARM_UP_SECONDS);
            }
            measure(clients, c -> floor.url(), WARM_UP_SECONDS);
            double compiledMs = (cpu.jit() - jitBefore) / 1e6;
            double roundMs = (System.nanoTime() - start) / 1e6;
            System.out.printf("warm-up round %d: %.0f s, the JIT's threads using %.0f ms of CPU in it; idle again %.1f s later%n",
                    round, roundMs / 1e3, compiledMs, awaitJitIdle(cpu) / 1e3);
            if (compiledMs < 0.05 * roundMs) {
                return;
            }
        }
    }

    /**
     * Waits, with no load, until the JIT's threads have used no CPU for a second (at most two
     * minutes), and returns how many milliseconds that took. Under load its C2 thread gets a
     * small share of the 2 cores and its queue grows (methods hot since the first round were
     * compiled by C2 75 s later); idle, it has the cores to itself.
     */
    private static long awaitJitIdle(Cpu cpu) throws InterruptedException {
        long start = System.nanoTime();
        long last = cpu.jit();
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < 1_000_000_000L && System.nanoTime() - start < 120_000_000_000L) {
            Thread.sleep(100);
            long now = cpu.jit();
            if (now != last) {
                last = now;
                idleSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Runs a phase, recorded by Java Flight Recorder if {@link #PROFILE} names it. */
    static <T> T profiled(String phase, Callable<T> run) throws Exception {
        if (!PROFILE.contains(phase)) {
            return run.call();
        }
        // Only the execution samples: JFR's "profile" settings also sample allocations and
        // record locks and socket reads, which made a profiled page several times slower
        // and weighed allocation-heavy code above its share.
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.setDestination(Path.of("target", "bench-" + phase + ".jfr"));
            recording.start();
            T result = run.call();
            recording.stop();
            System.out.printf("  (profile of this phase: target/bench-%s.jfr)%n", phase);
            return result;
        }
    }

    static Set<String> phases(String names) {
        Set<String> all = Set.of("pgbench", "save", "large", "stale", "floor", "record", "edit", "list", "history",
                "list-3", "history-short");
        if (names.isBlank() || names.equals("all")) {
            return all;
        }
        Set<String> chosen = Set.of(names.split(","));
        if (!all.containsAll(chosen)) {
            throw new IllegalArgumentException("bench.phases: " + chosen + " is not a subset of " + all);
        }
        return chosen;
    }

    // ---- pgbench ----

    /** Runs pgbench's bare save transaction against the same server and returns its tps. */
    static double pgbench(DSLContext dsl, Path dataDir, String body) throws Exception {
        dsl.execute("create table pgbench_record (id bigint primary key, version int not null, data jsonb not null)");
        dsl.execute("create table pgbench_revision (record_id bigint not null, version int not null, data jsonb not null,"
                + " primary key (record_id, version))");
        dsl.execute("insert into pgbench_record select g, 1, jsonb_build_object('title', 'Record ' || g, 'note', '',"
                + " 'body', ?::text) from generate_series(1, ?) g", body, CLIENTS);
        dsl.execute("insert into pgbench_revision select id, version, data from pgbench_record");
        dsl.execute("vacuum analyze pgbench_record");
        Path script = Files.createTempFile("stet-save", ".sql");
        Files.writeString(script, String.join("\n",
                "\\set id :client_id + 1",
                "BEGIN;",
                "SELECT version FROM pgbench_record WHERE id = :id \\gset",
                "UPDATE pgbench_record SET data = jsonb_set(data, '{title}', to_jsonb('Record ' || :version)),"
                        + " version = version + 1 WHERE id = :id AND version = :version;",
                "INSERT INTO pgbench_revision (record_id, version, data) SELECT id, version, data FROM pgbench_record"
                        + " WHERE id = :id;",
                "END;", ""));
        int port = dsl.fetchSingle("select inet_server_port()").get(0, Integer.class);
        String password = Files.readString(dataDir.resolve(Database.PASSWORD_FILE), StandardCharsets.UTF_8).strip();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/pgbench", "-n", "-h", "localhost", "-p", Integer.toString(port),
                "-U", "postgres", "-c", Integer.toString(CLIENTS), "-j", "2", "-T", Integer.toString(SECONDS),
                "-f", script.toString(), "postgres").redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Files.delete(script);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
        if (exit != 0 || !tps.find() || (failed.find() && !failed.group(1).equals("0"))) {
            throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + out);
        }
        long revisions = dsl.fetchCount(dsl.selectFrom("pgbench_revision"));
        System.out.printf("pgbench wrote %,d revisions%n", revisions - CLIENTS);
        return Double.parseDouble(tps.group(1));
    }

    // ---- saves ----

    /** One client's save loop over its own record; {@link #once} does one save and checks its answer. */
    abstract static class SaveLoop {
        final Client client;
        final long id;
        /** The record's version after the saves done so far. */
        int version = 1;

        SaveLoop(Client client, long id) {
            this.client = client;
            this.id = id;
        }

        abstract void once();
    }

    /**
     * GET the edit form, POST it back with one field changed: a plain save, answered 303.
     * The field is the title, or with {@code editBody} the first line of the longtext.
     */
    static final class FormSave extends SaveLoop {
        private final boolean editBody;
        private final String rest;

        FormSave(Client client, long id, String body, boolean editBody) {
            super(client, id);
            this.editBody = editBody;
            // Encoded once: the client must not spend the cores the server needs.
            this.rest = encode(editBody ? body.substring(body.indexOf('\n') + 1) : body);
        }

        @Override
        void once() {
            Map<String, String> hidden = client.hiddenFields(client.get("/records/" + id + "/edit", 200));
            String next = "v" + (version + 1);
            String fields = editBody
                    ? "&title=Record&note=&comment=&body=" + encode("Line " + next + "\n") + rest
                    : "&title=" + encode("Record " + next) + "&note=&comment=&body=" + rest;
            client.save(id, encodeHidden(hidden) + fields);
            version++;
        }
    }

    /**
     * GET the edit form, then POST the form fetched the time before (one version behind)
     * with the other text field changed: the server merges it with the save in between
     * and answers 303. The title and the note take turns, so the two sides never touch
     * the same field.
     */
    static final class StaleSave extends SaveLoop {
        private final String fixed;
        private Map<String, String> previous;
        private Map<String, String> current;
        private String previousHidden;
        private String lastChanged;
        private int n;

        StaleSave(Client client, long id, String body) {
            super(client, id);
            this.fixed = "&comment=&body=" + encode(body);
            // Version 1, then one plain save of the title to have a version behind.
            String hidden1 = encodeHidden(client.hiddenFields(client.get("/records/" + id + "/edit", 200)));
            previous = Map.of("title", "Record", "note", "");
            current = new HashMap<>(previous);
            current.put("title", "Record " + id + " first");
            client.save(id, hidden1 + values(current));
            previousHidden = hidden1;
            lastChanged = "title";
            version = 2;
        }

        @Override
        void once() {
            String hidden = encodeHidden(client.hiddenFields(client.get("/records/" + id + "/edit", 200)));
            String field = lastChanged.equals("title") ? "note" : "title";
            String value = field + " " + (++n);
            Map<String, String> yours = new HashMap<>(previous);
            yours.put(field, value);
            client.save(id, previousHidden + values(yours));
            Map<String, String> merged = new HashMap<>(current);
            merged.put(field, value);
            previous = current;
            current = merged;
            previousHidden = hidden;
            lastChanged = field;
            version++;
        }

        private String values(Map<String, String> v) {
            return "&title=" + encode(v.get("title")) + "&note=" + encode(v.get("note")) + fixed;
        }
    }

    interface LoopFactory {
        SaveLoop of(int client) throws Exception;
    }

    /** A measured rate, and the CPU per operation it took (see {@link Cpu}). */
    record Rate(double perSecond, String cpu) {}

    /** Runs the 8 loops for the warm-up, then for the measured time; returns saves per second. */
    static Rate saves(DSLContext dsl, Cpu cpu, List<Client> clients, LoopFactory factory) throws Exception {
        List<SaveLoop> loops = loops(clients, factory);
        run(loops, WARM_UP_SECONDS);
        long[] before = cpu.used();
        long saves = Arrays.stream(run(loops, SECONDS)).sum();
        String perSave = cpu.per(before, saves);
        verifyVersions(dsl, loops);
        return new Rate(saves / (double) SECONDS, perSave);
    }

    private static List<SaveLoop> loops(List<Client> clients, LoopFactory factory) throws Exception {
        List<SaveLoop> loops = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            loops.add(factory.of(c));
        }
        return loops;
    }

    private static long[] run(List<SaveLoop> loops, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(loops.size());
        try {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<Long>> runs = new ArrayList<>();
            for (SaveLoop loop : loops) {
                runs.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        loop.once();
                        n++;
                    }
                    return n;
                }));
            }
            long[] counts = new long[loops.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = runs.get(i).get();
            }
            return counts;
        } finally {
            pool.shutdown();
        }
    }

    /** Every record's version, and its last revision's, is what its client counted: no save was lost or doubled. */
    private static void verifyVersions(DSLContext dsl, List<SaveLoop> loops) {
        for (SaveLoop loop : loops) {
            int version = dsl.fetchSingle("select version from record where id = ?", loop.id).get(0, Integer.class);
            int revisions = dsl.fetchSingle("select max(version) from revision where record_id = ?", loop.id)
                    .get(0, Integer.class);
            if (version != loop.version || revisions != loop.version) {
                throw new IllegalStateException("record " + loop.id + " is at version " + version
                        + " (last revision " + revisions + "), its client counted " + loop.version);
            }
        }
    }

    // ---- pages ----

    /** Requests and latencies of one page load. */
    record Load(long requests, double seconds, double medianMs, double p99Ms, String cpu) {
        double rps() {
            return requests / seconds;
        }

        /** Two measurements of the same page as one (its rate over both; latencies and CPU of neither). */
        static Load mean(Load a, Load b) {
            return new Load(a.requests() + b.requests(), a.seconds() + b.seconds(), Double.NaN, Double.NaN, "");
        }
    }

    /** A page phase: its name in {@link #PHASES}, its name in the output, and what each client loads. */
    record Page(String phase, String name, UrlOf urls, Cpu cpu, List<Client> clients) {
        /** Loads the page for the warm-up, then for the measured time. */
        Load load() throws Exception {
            return pages(cpu, clients, urls);
        }
    }

    /**
     * The page phases, each client on its own record of {@code records} (and of
     * {@code shortHistories} for the short history); the lists are always the benchmark's.
     */
    static List<Page> pages(App app, Cpu cpu, List<Client> clients, long[] records, String listName,
            long[] shortHistories) {
        return List.of(
                new Page("record", "record page", c -> app.port() + "/records/" + records[c], cpu, clients),
                new Page("edit", "edit form", c -> app.port() + "/records/" + records[c] + "/edit", cpu, clients),
                new Page("list", listName, c -> app.port() + "/collections/bench", cpu, clients),
                new Page("history", "history page (first page)", c -> app.port() + "/records/" + records[c] + "/history",
                        cpu, clients),
                new Page("list-3", "list page (3 records)", c -> app.port() + "/collections/few", cpu, clients),
                new Page("history-short", "history page (" + SHORT_HISTORY + " versions)",
                        c -> app.port() + "/records/" + shortHistories[c] + "/history", cpu, clients));
    }

    interface UrlOf {
        String of(int client);
    }

    static Load pages(Cpu cpu, List<Client> clients, UrlOf urls) throws Exception {
        measure(clients, urls, WARM_UP_SECONDS);
        long[] before = cpu.used();
        Load load = measure(clients, urls, SECONDS);
        return new Load(load.requests(), load.seconds(), load.medianMs(), load.p99Ms(), cpu.per(before, load.requests()));
    }

    private static Load measure(List<Client> clients, UrlOf urls, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            List<Future<long[]>> runs = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                Client client = clients.get(c);
                String url = urls.of(c);
                runs.add(pool.submit(() -> {
                    long[] nanos = new long[4096];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        client.getUrl(url, 200);
                        if (n == nanos.length) {
                            nanos = Arrays.copyOf(nanos, n * 2);
                        }
                        nanos[n++] = System.nanoTime() - t;
                    }
                    return Arrays.copyOf(nanos, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> run : runs) {
                all.add(run.get());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Load(merged.length, elapsed, merged[merged.length / 2] / 1e6,
                    merged[(int) Math.ceil(merged.length * 0.99) - 1] / 1e6, null);
        } finally {
            pool.shutdown();
        }
    }

    private static void print(String name, Load load, Load floor) {
        System.out.printf("  %-34s %6.0f rps (%5.1f%% of the floor's %.0f)  median %6.2f ms  p99 %6.2f ms  CPU per request: %s%n",
                name, load.rps(), 100 * load.rps() / floor.rps(), floor.rps(), load.medianMs(), load.p99Ms(), load.cpu());
    }

    // ---- the floor page ----

    /** A tiny Javalin app whose one page is a 20-row table rendered by Thymeleaf: the floor. */
    static final class Floor implements AutoCloseable {
        private static final String TEMPLATE = """
                <!DOCTYPE html>
                <html lang="en"><head><title th:text="${title}">t</title></head>
                <body><h1 th:text="${title}">t</h1>
                <table><thead><tr><th>Id</th><th>Name</th><th>Size</th></tr></thead><tbody>
                <tr th:each="row : ${rows}"><td th:text="${row.id}">1</td><td th:text="${row.name}">n</td>
                <td th:text="${row.size}">s</td></tr>
                </tbody></table></body></html>
                """;
        private final Javalin server;

        private Floor(Javalin server) {
            this.server = server;
        }

        static Floor start() {
            StringTemplateResolver resolver = new StringTemplateResolver();
            resolver.setTemplateMode(TemplateMode.HTML);
            resolver.setCacheable(true);
            TemplateEngine engine = new TemplateEngine();
            engine.setTemplateResolver(resolver);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                rows.add(Map.of("id", i, "name", "Item <" + i + ">", "size", i * 7));
            }
            Javalin server = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.routes.get("/floor", ctx -> {
                    Context context = new Context();
                    context.setVariable("title", "Floor");
                    context.setVariable("rows", rows);
                    ctx.html(engine.process(TEMPLATE, context));
                });
            });
            server.start(0);
            return new Floor(server);
        }

        String url() {
            return server.port() + "/floor";
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    // ---- CPU per operation ----

    /**
     * CPU time used by this JVM (stet and the load generator) and by the PostgreSQL server
     * (the postmaster, its live backends, and the backends it has reaped): CPU per
     * operation is much steadier than a rate on a machine shared with other work. The JVM's
     * figure includes its JIT compiler's threads; their own CPU is printed beside it, so that
     * a phase measured while the JVM was still compiling shows as such.
     */
    public static final class Cpu {
        private final long postmaster;
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        public Cpu(Path dataDir) throws IOException {
            this.postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        }

        /** {JVM ns, PostgreSQL ns} used so far. */
        public long[] used() {
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    String name = proc.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] f;
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    } catch (IOException e) {
                        continue; // gone meanwhile
                    }
                    // After the name: state, ppid, ... utime and stime are fields 14 and 15, cutime and cstime 16 and 17.
                    long pid = Long.parseLong(name);
                    if (pid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    } else if (Long.parseLong(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new long[] {os.getProcessCpuTime(), ticks * 10_000_000L, jit()};
        }

        /**
         * The CPU used so far by this JVM's JIT compiler threads (C1 and C2), in nanoseconds,
         * from {@code /proc}: the JVM's own count of time spent compiling is wall-clock time,
         * which on busy cores is mostly time the compiler waited for one.
         */
        long jit() {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (!Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                            continue;
                        }
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException e) {
                        // a compiler thread that ended meanwhile: its time is no longer counted
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ticks * 10_000_000L;
        }

        /**
         * "JVM x ms, PostgreSQL y ms" per operation since {@code before}, and the CPU the JIT's
         * threads used in that time (in all, not per operation): near 0 once the JVM is warm.
         */
        String per(long[] before, double operations) {
            long[] after = used();
            return String.format("JVM %.2f ms, PostgreSQL %.2f ms; JIT's CPU meanwhile %.0f ms",
                    (after[0] - before[0]) / 1e6 / operations, (after[1] - before[1]) / 1e6 / operations,
                    (after[2] - before[2]) / 1e6);
        }
    }

    // ---- helpers ----

    /** Saves a record {@code times} times, its title changed each time. */
    private static void revise(RecordService records, long id, User admin, int times) {
        for (int i = 1; i <= times; i++) {
            SaveOutcome outcome = Records.save(records, id, Map.of("title", "Record, version " + (i + 1)), admin);
            if (!(outcome instanceof SaveOutcome.Saved)) {
                throw new IllegalStateException("record " + id + " not saved: " + outcome);
            }
        }
    }

    private static long[] create(RecordService records, Collection bench, User admin, String body) {
        long[] ids = new long[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            var created = (CreateOutcome.Created) records.create(bench, Map.of(
                    "title", List.of("Record"), "note", List.of(""), "body", List.of(body)), null, null, admin);
            ids[c] = created.record().id();
        }
        return ids;
    }

    public static String encodeHidden(Map<String, String> hidden) {
        StringBuilder form = new StringBuilder();
        hidden.forEach((name, value) -> form.append(form.length() == 0 ? "" : "&").append(name).append('=')
                .append(encode(value)));
        return form.toString();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String prose(Random random, int length) {
        String[] words = {"the", "record", "merge", "version", "field", "saved", "line", "change", "history", "value",
            "lamp", "order", "stock", "price", "north", "south"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int n = 6 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            text.append(".\n");
        }
        return text.toString();
    }

    private static FieldDef field(String key, FieldType type) {
        return new FieldDef(key, key, type, false, false, null, null, false, List.of());
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
