package stet.record.bench;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.RecordQuery;
import stet.record.RecordListStore;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.CapturedStatements;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * The record-list benchmark of docs/benchmarks.md ("Record list"): on a fresh embedded
 * PostgreSQL, one collection gets 10^6 records (generated in SQL, the search trigger
 * included; the list indexes stet builds for its fields kept up meanwhile), then 8 clients
 * each load the first page, a search for a rare and for a common word, a sorted page, page
 * 100 of a sorted list and page 100 of a filter over HTTP, then searches, orders and filters
 * drawn for each request, and it reports the p99 of each and the plan of its queries.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@list}
 */
public final class ListBenchmark {

    static final int RECORDS = Integer.getInteger("stet.bench.records", 1_000_000);
    static final int CLIENTS = 8;
    static final int LOADS_PER_CLIENT = 200;
    /** Rounds of every load before the measured one. */
    static final int WARM_UP_ROUNDS = Integer.getInteger("stet.bench.warmUpRounds", 6);

    /** The orders and filters a drawn load picks from. */
    private static final List<String> SORTS = List.of("name", "-name", "size", "-size", "due", "-due", "color", "-active");
    private static final List<String> FILTERS = List.of("color=Red", "color=Green", "color=Blue", "active=true",
            "active=false", "color=Blue&active=true", "due=2021-01-01..2021-03-31", "due=2024-06-01..");

    public static void main(String[] args) throws Exception {
        // -Dstet.bench.data=<folder> keeps the database between runs: the records are generated once.
        String kept = System.getProperty("stet.bench.data", "");
        Path dataDir = kept.isEmpty() ? Files.createTempDirectory("stet-list-bench") : Path.of(kept);
        try (App app = TestApp.start(Database.embedded(dataDir))) {
            run(app, dataDir);
        }
    }

    static void run(App app, Path dataDir) throws Exception {
        DSLContext dsl = app.database().dsl();
        Components parts = Components.build(app.database());
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        boolean generated = parts.collections().all().stream().anyMatch(c -> c.slug().equals("bench"));
        Collection bench = generated ? parts.collections().get("bench") : parts.collections().create("bench", "Bench", List.of(
                field("name", FieldType.TEXT, List.of()),
                field("size", FieldType.INTEGER, List.of()),
                field("color", FieldType.CHOICE, List.of("Red", "Green", "Blue")),
                field("active", FieldType.BOOLEAN, List.of()),
                field("due", FieldType.DATE, List.of()),
                field("note", FieldType.LONGTEXT, List.of())), false, admin);
        if (!generated) {
            long started = System.nanoTime();
            // Bulk statements that run long: on a connection without the pool's statement timeout.
            app.database().maintenance(bulk -> {
                generate(bulk, bench.id(), admin.id());
                return null;
            });
            System.out.printf("generated %,d records in %.0f s%n", RECORDS, (System.nanoTime() - started) / 1e9);
        }
        // A collection grown past ListIndexes.MIN_RECORDS gets its list indexes at the next size check,
        // within a minute; here at once.
        parts.listIndexes().refresh(bench);
        parts.listIndexes().awaitIdle();

        String base = "/collections/bench";
        WebClient walker = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
        // Logged in once: the log-in throttle would refuse a log-in per measurement.
        // The save benchmark's light client (keep-alive, the session cookie only), so that the
        // load generator sharing the cores costs what it costs there.
        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            WebClient login = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
            clients.add(new Client(app.port(), "stet_session=" + login.cookie("stet_session")));
        }
        List<Load> all = List.of(
                Load.of("first page", base),
                Load.of("search, a rare word (word42: 1,000 matches)", base + "?q=word42"),
                Load.of("search, a common word (common: 300,000 matches)", base + "?q=common"),
                Load.of("sorted page (-name)", base + "?sort=-name"),
                Load.of("page 100 of a sorted list (size)", page100(walker, base + "?sort=size")),
                Load.of("page 100 of a filter (color=Red)", page100(walker, base + "?color=Red")),
                Load.of("a filter sorted by another column (active=true, sort=name)", base + "?active=true&sort=name"),
                // Loads no cache has seen whole: each request its own word or order, as a tester's
                // held-out cases would be (each client's own seeded draws, the same in every run).
                new Load("search, a rare word drawn for each request (word0-word999: 1,000 matches each)",
                        random -> base + "?q=word" + random.nextInt(1_000)),
                new Load("search, a rare word and an order drawn for each request",
                        random -> base + "?q=word" + random.nextInt(1_000) + "&sort=" + pick(random, SORTS)),
                new Load("a filter and an order drawn for each request",
                        random -> base + "?" + pick(random, FILTERS) + "&sort=" + pick(random, SORTS)));
        // -Dstet.bench.loads=8,9 measures the eighth and ninth loads alone.
        String chosen = System.getProperty("stet.bench.loads", "");
        List<Load> loads = chosen.isBlank() ? all : Arrays.stream(chosen.split(",")).map(n -> numbered(all, n)).toList();
        // The JIT compiles the list first (the JVM has served nothing but the log-ins): each load
        // for a few seconds, unmeasured, so that the first one measured does not pay for it. Two
        // rounds were too few on these 2 cores: the JIT's threads were still compiling during the
        // measured loads (18% of the JVM's CPU in a recording), and the pages cost 1.3-2.2 ms of
        // the JVM's CPU each, against 0.8-1.4 ms after six. Each load's line says how much CPU the
        // JIT used while it was measured (-Dstet.bench.warmUpRounds=N to try another count).
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (Load load : loads) {
                measure(clients, load);
            }
        }
        // CPU per request (each client's 10 unmeasured loads included): a figure that holds better
        // than the latencies on a machine whose speed varies, and is compared between runs.
        SaveBenchmark.Cpu cpu = new SaveBenchmark.Cpu(dataDir);
        for (Load load : loads) {
            long[] before = cpu.used();
            double[] ms = measure(clients, load);
            System.out.printf("%s: median %.2f ms, p99 %.2f ms (%d loads, %d clients; CPU per request: %s)%n", load.name(),
                    ms[0], ms[1], CLIENTS * LOADS_PER_CLIENT, CLIENTS, cpu.per(before, CLIENTS * (10 + LOADS_PER_CLIENT)));
        }

        System.out.println("EXPLAIN (ANALYZE, BUFFERS) of each, as the store renders it (values inlined):");
        CapturedStatements captured = new CapturedStatements();
        DSLContext capturing = app.database().wrapped(captured::wrap).dsl();
        List<String> keys = bench.listFields().stream().map(FieldDef::key).toList();
        for (Load load : loads) {
            String path = load.sample();
            captured.clear();
            new RecordListStore(capturing).list(bench.id(), RecordQuery.parse(bench, params(path)), keys, 51);
            System.out.println("-- " + load.name() + ": " + path);
            // A search may take two statements: the walk, then the word index when the walk found too few.
            for (CapturedStatements.Statement statement : captured.statements()) {
                // Not the word statistics a store reads before its first search, nor a search's words.
                if (statement.sql().contains("pg_stats") || statement.sql().startsWith("select stet_search_query(")) {
                    continue;
                }
                String sql = statement.inlined();
                System.out.println(sql);
                dsl.fetch("explain (analyze, buffers) " + sql).forEach(r -> System.out.println(r.get(0)));
            }
        }
    }

    /**
     * A load: its name, and the address of each of its requests, the same every time or drawn
     * from the client's seeded generator.
     */
    record Load(String name, Function<Random, String> path) {
        static Load of(String name, String path) {
            return new Load(name, random -> path);
        }

        /** One of its addresses: the one whose plans the benchmark prints. */
        String sample() {
            return path.apply(new Random(0));
        }
    }

    /** The load numbered {@code number} (from 1) of {@code -Dstet.bench.loads}. */
    private static Load numbered(List<Load> all, String number) {
        try {
            int n = Integer.parseInt(number.trim());
            if (n >= 1 && n <= all.size()) {
                return all.get(n - 1);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "stet.bench.loads: '" + number + "' is not a load's number (1 to " + all.size() + ")");
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** The address of page 100 of a list, followed through the pages' "next" links. */
    private static String page100(WebClient walker, String first) throws Exception {
        String page = first;
        for (int n = 1; n < 100; n++) {
            page = next(walker.get(page).body());
        }
        return page;
    }

    /** 10^6 records in one collection, made in SQL, with their search vectors, then analyzed. */
    private static void generate(DSLContext bulk, long collectionId, long adminId) {
        // The per-row search trigger is the write path's; here the vectors are made in one statement after.
        bulk.execute("alter table record disable trigger record_search_insert");
        for (int from = 1; from <= RECORDS; from += 100_000) {
            bulk.execute("insert into record (collection_id, data, version, created_by, updated_by) "
                    + "select ?, jsonb_build_object('name', 'Name ' || lpad((g % 50000)::text, 5, '0'), "
                    + "'size', ((g::bigint * 7919) % 1000)::text, 'color', (array['Red', 'Green', 'Blue'])[1 + g % 3], "
                    + "'active', case when g % 2 = 0 then 'true' else 'false' end, "
                    + "'due', to_char(date '2020-01-01' + g % 2000, 'YYYY-MM-DD'), "
                    + "'note', 'word' || (g % 1000) || case when g % 10 < 3 then ' common' else '' end"
                    + " || ' about ' || md5(g::text)), 1, ?, ? "
                    + "from generate_series(?, ?) g", collectionId, adminId, adminId, from,
                    Math.min(from + 99_999, RECORDS));
        }
        // And the words of the vectors (V21) in one statement after them, as the migration does.
        bulk.execute("alter table record_search disable trigger record_word_insert");
        bulk.execute("insert into record_search (record_id, search) "
                + "select id, record_search_vector(collection_id, data) from record where collection_id = ?", collectionId);
        bulk.execute("insert into record_word (collection_id, lexeme, record_id) "
                + "select ?, l, s.record_id from record_search s join record r on r.id = s.record_id, "
                + "unnest(tsvector_to_array(s.search)) l where r.collection_id = ?", collectionId, collectionId);
        bulk.execute("alter table record_search enable trigger record_word_insert");
        bulk.execute("alter table record enable trigger record_search_insert");
        bulk.execute("vacuum analyze record");
        bulk.execute("vacuum analyze record_search");
        bulk.execute("vacuum analyze record_word");
    }

    private static Map<String, List<String>> params(String path) {
        Map<String, List<String>> params = new HashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static FieldDef field(String key, FieldType type, List<String> choices) {
        return new FieldDef(key, key, type, false, false, null, null, false, choices);
    }

    private static String next(String body) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\" data-testid=\"next-page\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no next page");
        }
        return m.group(1).replace("&amp;", "&");
    }

    /**
     * Median and p99 in ms of the requests of {@code load} by 8 clients at once, after a warm-up;
     * each client draws its addresses from a generator of its own, seeded the same in every run.
     */
    static double[] measure(List<Client> clients, Load load) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<double[]>> runs = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                Client client = clients.get(c);
                Random random = new Random(c);
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        client.load(load.path().apply(random), 200);
                    }
                    double[] ms = new double[LOADS_PER_CLIENT];
                    for (int i = 0; i < LOADS_PER_CLIENT; i++) {
                        String path = load.path().apply(random);
                        long t = System.nanoTime();
                        client.load(path, 200);
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                    return ms;
                }));
            }
            double[] all = new double[CLIENTS * LOADS_PER_CLIENT];
            int n = 0;
            for (Future<double[]> run : runs) {
                for (double ms : run.get()) {
                    all[n++] = ms;
                }
            }
            Arrays.sort(all);
            return new double[] {all[all.length / 2], all[(int) Math.ceil(all.length * 0.99) - 1]};
        } finally {
            pool.shutdown();
        }
    }
}
