package stet.live.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import stet.App;
import stet.Components;
import stet.auth.Role;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.record.CreateOutcome;
import stet.record.bench.Client;
import stet.record.bench.SaveBenchmark;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * The live-changes benchmark of docs/benchmarks.md ("Live changes: open streams and event
 * delay"): two stet nodes, A and B, in this JVM on one embedded PostgreSQL 17 (each with its
 * own pool, as two processes would have);
 * <ol>
 *   <li>a client process (this class again, in a JVM of its own, so that its connections,
 *       threads and buffers are not counted as the server's) logs each user in once (log-ins
 *       are throttled), warms node A's form path up on a record of its own, then opens
 *       {@link #STREAMS} event streams on node B, spread over {@link #RECORDS} records and
 *       {@link #SESSIONS} users' sessions, and waits until every stream has had its first
 *       event and the presence announcements have died down;</li>
 *   <li>this JVM reports its threads, its heap after a full GC, its direct buffers and its
 *       resident set before and after, and {@code stet_live_streams} from both nodes'
 *       {@code /metrics};</li>
 *   <li>the client process saves records through node A's HTML form path (GET the edit
 *       form, POST it back with the title changed, 303 checked) at a steady {@link #RATE}
 *       saves a second, first for {@link #WARM_UP_SECONDS} unmeasured, then for
 *       {@link #SECONDS}; each save notes the instant before its POST is sent and the instant
 *       its 303 came back, each stream the instant its {@code saved} event for that version
 *       arrived; it reports the delays over every (save, stream) delivery and over the first
 *       and the last delivery of each save, and how many events were expected, received,
 *       missing and duplicated;</li>
 *   <li>the client closes its streams and this JVM checks that both nodes forget them.</li>
 * </ol>
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@live} ({@code -Dlive.streams},
 * {@code -Dlive.rate}, {@code -Dlive.seconds} change the defaults, passed on by the pom).
 */
public final class LiveBenchmark {

    static final int STREAMS = Integer.getInteger("stet.live.streams", 2_000);
    static final int RECORDS = Integer.getInteger("stet.live.records", 20);
    static final int SESSIONS = Integer.getInteger("stet.live.sessions", 10);
    static final int RATE = Integer.getInteger("stet.live.rate", 50);
    static final int SECONDS = Integer.getInteger("stet.live.seconds", 30);
    static final int WARM_UP_SECONDS = Integer.getInteger("stet.live.warmup", 10);
    /** Streams being opened at once: enough to open 2,000 in seconds, few enough not to look like an attack. */
    static final int OPENING_AT_ONCE = 50;
    /**
     * Writer connections to node A, each saving one record at a time: a save is two requests,
     * and on a loaded machine one takes longer than the interval between two planned saves.
     */
    static final int WRITERS = 10;
    /** The streams are settled once no event (heartbeats aside) has arrived for this long. */
    static final Duration QUIET = Duration.ofSeconds(2);
    /** How long events of the last saves may take to arrive before the missing are counted. */
    static final Duration STRAGGLERS = Duration.ofSeconds(15);

    private LiveBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("clients")) {
            Clients.run(args);
            return;
        }
        if (STREAMS % RECORDS != 0) {
            throw new IllegalArgumentException("stet.live.streams must be a multiple of stet.live.records");
        }
        Path dataDir = Files.createTempDirectory("stet-live-bench");
        try (App nodeA = TestApp.start(Database.embedded(dataDir))) {
            int pgPort = nodeA.database().dsl().fetchSingle("select inet_server_port()").get(0, Integer.class);
            String password = Files.readString(dataDir.resolve(Database.PASSWORD_FILE), StandardCharsets.UTF_8).strip();
            DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", password);
            try (App nodeB = TestApp.start(Database.connect(url))) {
                new Server(nodeA, nodeB, dataDir).run();
            }
        }
    }

    // ---- the server side: this JVM ----

    /** Sets the world up, starts the client process, and measures this JVM around it. */
    private static final class Server {
        private final App nodeA;
        private final App nodeB;
        private final Path dataDir;
        private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Server(App nodeA, App nodeB, Path dataDir) {
            this.nodeA = nodeA;
            this.nodeB = nodeB;
            this.dataDir = dataDir;
        }

        void run() throws Exception {
            System.out.printf("load average before: %s%n", SaveBenchmark.loadAverage());
            System.out.printf("node A on :%d, node B on :%d, one embedded PostgreSQL 17; %d streams on B over %d records and %d"
                    + " sessions; saves through A at %d/s for %d s (after %d s unmeasured)%n", nodeA.port(), nodeB.port(), STREAMS,
                    RECORDS, SESSIONS, RATE, SECONDS, WARM_UP_SECONDS);
            nodeA.live().awaitListening(Duration.ofSeconds(10));
            nodeB.live().awaitListening(Duration.ofSeconds(10));
            Components parts = Components.build(nodeA.database());
            User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
            Collection live = parts.collections().create("live", "Live", List.of(field("title"), field("note")), false, admin);
            List<Long> ids = new ArrayList<>();
            for (int r = 0; r < RECORDS; r++) {
                var created = (CreateOutcome.Created) parts.records().create(live,
                        Map.of("title", List.of("Record " + r), "note", List.of("")), null, null, admin);
                ids.add(created.record().id());
            }
            for (int s = 0; s < SESSIONS; s++) {
                parts.users().ensure(viewer(s), "Viewer " + s, Role.EDITOR, TestApp.DEMO_PASSWORD, true);
            }
            var spare = (CreateOutcome.Created) parts.records().create(live,
                    Map.of("title", List.of("Warm-up"), "note", List.of("")), null, null, admin);

            SaveBenchmark.Cpu cpu = new SaveBenchmark.Cpu(dataDir);
            Process clients = startClients(spare.record().id(), ids);
            PrintWriter toClients = new PrintWriter(clients.getOutputStream(), true, StandardCharsets.UTF_8);
            try {
                await("WARM", clients);
                Snapshot before = Snapshot.take();
                System.out.println("before the streams (this JVM: nodes A and B): " + before);
                toClients.println("OPEN");
                await("READY", clients);
                Snapshot open = Snapshot.take();
                System.out.printf("with %d streams open: %s%n", STREAMS, open);
                System.out.println("  " + open.minus(before, STREAMS));
                System.out.printf("  stet_live_streams: node B %s, node A %s (expected %d and 0)%n",
                        liveStreams(nodeB), liveStreams(nodeA), STREAMS);

                toClients.println("GO");
                await("MEASURING", clients);
                ThreadSampler threads = ThreadSampler.start();
                long[] cpuFrom = cpu.used();
                Map<String, Long> poolsFrom = cpuByPool();
                long from = System.nanoTime();
                await("MEASURED", clients);
                long[] cpuTo = cpu.used();
                Map<String, Long> poolsTo = cpuByPool();
                double seconds = (System.nanoTime() - from) / 1e9;
                int saves = SECONDS * RATE;
                System.out.printf("during the measured saves (%.1f s): this JVM %.2f cores, PostgreSQL %.2f cores; the nodes' live threads"
                        + " at most %d (sampled every 100 ms)%n", seconds, (cpuTo[0] - cpuFrom[0]) / 1e9 / seconds,
                        (cpuTo[1] - cpuFrom[1]) / 1e9 / seconds, threads.stop());
                System.out.printf("  CPU per save: this JVM %.2f ms, PostgreSQL %.2f ms; by threads:", (cpuTo[0] - cpuFrom[0]) / 1e6 / saves,
                        (cpuTo[1] - cpuFrom[1]) / 1e6 / saves);
                poolsTo.forEach((pool, nanos) -> {
                    double ms = (nanos - poolsFrom.getOrDefault(pool, 0L)) / 1e6 / saves;
                    if (ms >= 0.01) {
                        System.out.printf(" %s %.2f ms", pool, ms);
                    }
                });
                System.out.println();
                await("DONE", clients);
                Snapshot after = Snapshot.take();
                System.out.println("after the saves, streams still open: " + after);
                System.out.println("  " + after.minus(before, STREAMS));

                toClients.println("EXIT");
                if (!clients.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client process did not stop");
                }
                long closing = System.nanoTime();
                while ((liveStreams(nodeB) > 0 || liveStreams(nodeA) > 0) && System.nanoTime() - closing < 30_000_000_000L) {
                    Thread.sleep(100);
                }
                Thread.sleep(2_000); // closed streams' presence rows are deleted on the dispatch thread
                Snapshot closed = Snapshot.take();
                System.out.printf("after the client closed its streams: stet_live_streams node B %s, node A %s (after %.1f s);"
                        + " presence rows %d%n  %s%n", liveStreams(nodeB), liveStreams(nodeA), (System.nanoTime() - closing) / 1e9,
                        nodeA.database().dsl().fetchCount(nodeA.database().dsl().selectFrom("presence")), closed);
                System.out.println("  " + closed.minus(before, STREAMS));
                if (clients.exitValue() != 0) {
                    throw new IllegalStateException("the client process failed (exit " + clients.exitValue() + ")");
                }
            } finally {
                clients.destroy();
            }
            System.out.printf("load average after: %s%n", SaveBenchmark.loadAverage());
        }

        private Process startClients(long spare, List<Long> ids) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx1g",
                    "-Dstet.live.streams=" + STREAMS, "-Dstet.live.records=" + RECORDS, "-Dstet.live.sessions=" + SESSIONS,
                    "-Dstet.live.rate=" + RATE, "-Dstet.live.seconds=" + SECONDS, "-Dstet.live.warmup=" + WARM_UP_SECONDS,
                    "-cp", System.getProperty("java.class.path"), LiveBenchmark.class.getName(), "clients",
                    Integer.toString(nodeA.port()), Integer.toString(nodeB.port()), Long.toString(spare),
                    String.join(",", ids.stream().map(String::valueOf).toList())));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("@")) {
                            signals.add(line.substring(1));
                        } else {
                            System.out.println("  [clients] " + line);
                        }
                    }
                } catch (IOException e) {
                    // The process ended.
                }
                signals.add("EOF");
            }, "client-output");
            reader.setDaemon(true);
            reader.start();
            return process;
        }

        private void await(String signal, Process clients) throws InterruptedException {
            String got = signals.poll(10, TimeUnit.MINUTES);
            if (!signal.equals(got)) {
                throw new IllegalStateException("expected " + signal + " from the client process, got " + got
                        + (clients.isAlive() ? "" : " (it exited with " + clients.exitValue() + ")"));
            }
        }

        /** CPU time used so far by the nodes' threads, by pool (names without their numbers). */
        private static Map<String, Long> cpuByPool() {
            Map<String, Long> cpu = new TreeMap<>();
            var mx = ManagementFactory.getThreadMXBean();
            for (Thread t : nodeThreads()) {
                long nanos = mx.getThreadCpuTime(t.getId());
                if (nanos > 0) {
                    cpu.merge(t.getName().replaceAll("\\d+", "#"), nanos, Long::sum);
                }
            }
            return cpu;
        }

        /** {@code stet_live_streams} as {@code GET /metrics} reports it (open to loopback). */
        private long liveStreams(App node) throws IOException, InterruptedException {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port() + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("stet_live_streams"))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no stet_live_streams in /metrics"));
        }
    }

    /** What this JVM holds: threads (by pool), heap after a full GC, direct buffers, resident set. */
    private record Snapshot(int threads, Map<String, Integer> byPool, long heap, long direct, long rss) {

        static Snapshot take() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            Map<String, Integer> byPool = new TreeMap<>();
            List<Thread> threads = nodeThreads();
            for (Thread t : threads) {
                byPool.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
            return new Snapshot(threads.size(), byPool,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), direct, residentSet());
        }

        String minus(Snapshot before, int streams) {
            Map<String, String> changed = new TreeMap<>();
            byPool.forEach((pool, n) -> {
                int was = before.byPool.getOrDefault(pool, 0);
                if (n != was) {
                    changed.put(pool, was + " -> " + n);
                }
            });
            before.byPool.keySet().stream().filter(p -> !byPool.containsKey(p))
                    .forEach(p -> changed.put(p, before.byPool.get(p) + " -> 0"));
            return String.format("change: threads %+d %s; heap %+.1f MB (%,d bytes per stream); direct %+.1f MB; RSS %+.1f MB"
                    + " (%,d bytes per stream)", threads - before.threads, changed, (heap - before.heap) / 1e6,
                    (heap - before.heap) / streams, (direct - before.direct) / 1e6, (rss - before.rss) / 1e6,
                    (rss - before.rss) / streams);
        }

        @Override
        public String toString() {
            return String.format("%d live threads (the harness's own not counted), heap after GC %.1f MB, direct buffers %.1f MB, RSS %.1f MB", threads,
                    heap / 1e6, direct / 1e6, rss / 1e6);
        }

        private static long residentSet() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0);
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /**
     * The live threads of this JVM but the harness's own (its {@code /metrics} client, the
     * client process's reader and reaper, the sampler): the nodes' threads.
     */
    static List<Thread> nodeThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 64];
        int n = root.enumerate(all, true);
        return Arrays.stream(all, 0, n).filter(t -> !HARNESS.matcher(t.getName()).lookingAt()).toList();
    }

    private static final Pattern HARNESS = Pattern.compile("HttpClient-|client-output|process reaper|thread-sampler");

    /** The most live threads of the nodes seen while it runs. */
    private static final class ThreadSampler {
        private final AtomicInteger most = new AtomicInteger();
        private volatile boolean stopped;
        private Thread thread;

        static ThreadSampler start() {
            ThreadSampler sampler = new ThreadSampler();
            sampler.thread = new Thread(() -> {
                while (!sampler.stopped) {
                    sampler.most.accumulateAndGet(nodeThreads().size(), Math::max);
                    LockSupport.parkNanos(100_000_000L);
                }
            }, "thread-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        int stop() throws InterruptedException {
            stopped = true;
            thread.join();
            return most.get();
        }
    }

    // ---- the client side: a JVM of its own ----

    /**
     * The client process: logs in and warms up, on "OPEN" opens the streams on node B, then
     * on "GO" saves through node A and times the events. Talks to the server JVM by lines:
     * {@code @WARM}, {@code @READY}, {@code @MEASURING}, {@code @MEASURED}, {@code @DONE} on
     * stdout (other lines are its report); "OPEN", "GO" and "EXIT" on stdin.
     */
    static final class Clients {
        private final int portA;
        private final int portB;
        private final long spare;
        private final long[] ids;
        private final int slots = STREAMS / RECORDS;
        private final Ledger ledger;
        private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        private final AtomicLong savedEvents = new AtomicLong();
        private final AtomicInteger presenceEvents = new AtomicInteger();
        private final AtomicLong leaseEvents = new AtomicLong();
        /** When each round of heartbeats (a comment on every stream, every 15 s) began. */
        private final Queue<Long> heartbeats = new ConcurrentLinkedQueue<>();
        private final AtomicLong lastHeartbeat = new AtomicLong();
        private final AtomicInteger ended = new AtomicInteger();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final HttpClient http;

        Clients(String[] args) {
            this.portA = Integer.parseInt(args[1]);
            this.portB = Integer.parseInt(args[2]);
            this.spare = Long.parseLong(args[3]);
            this.ids = Arrays.stream(args[4].split(",")).mapToLong(Long::parseLong).toArray();
            int saves = (WARM_UP_SECONDS + SECONDS) * RATE;
            this.ledger = new Ledger(RECORDS, slots, saves / RECORDS + 3, WARM_UP_SECONDS * RATE);
            // Every stream's lines are handed to these two threads; one selector thread reads all sockets.
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2, named("sse-client")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        static void run(String[] args) throws Exception {
            Clients clients = new Clients(args);
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            // Log-ins are throttled per user: each user logs in once, and its session serves many streams.
            String writer = "stet_session=" + new WebClient(clients.portA).logIn("admin", TestApp.ADMIN_PASSWORD).cookie("stet_session");
            List<String> viewers = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                viewers.add("stet_session=" + new WebClient(clients.portB).logIn(viewer(s), TestApp.DEMO_PASSWORD).cookie("stet_session"));
            }
            clients.warmUp(writer);
            System.out.println("@WARM");
            expect(commands, "OPEN");
            clients.open(viewers);
            System.out.println("@READY");
            expect(commands, "GO");
            clients.save(writer);
            System.out.println("@DONE");
            expect(commands, "EXIT");
            System.exit(0);
        }

        private static void expect(BufferedReader commands, String command) throws IOException {
            String line = commands.readLine();
            if (!command.equals(line)) {
                throw new IllegalStateException("expected " + command + ", got " + line);
            }
        }

        /**
         * Saves through node A's form path on a record no stream watches, so that node A's JIT
         * has compiled it and its pools have their usual size before anything is measured
         * (node B's event path is warmed up by the unmeasured saves of {@link #save}).
         */
        void warmUp(String writer) {
            Client client = new Client(portA, writer);
            for (int i = 0; i < 200; i++) {
                Map<String, String> hidden = client.hiddenFields(client.get("/records/" + spare + "/edit", 200));
                client.save(spare, SaveBenchmark.encodeHidden(hidden) + "&title=warm+" + i + "&note=&comment=");
            }
        }

        /** Opens every stream, {@link #OPENING_AT_ONCE} at a time; done when all had their first event and it is quiet. */
        void open(List<String> viewers) throws Exception {
            Semaphore opening = new Semaphore(OPENING_AT_ONCE);
            CountDownLatch opened = new CountDownLatch(STREAMS);
            long start = System.nanoTime();
            for (int k = 0; k < STREAMS; k++) {
                int record = k % RECORDS;
                int slot = k / RECORDS;
                // Each record's streams come from every session; one page in ten is the edit form.
                String session = viewers.get(slot % viewers.size());
                Stream stream = new Stream(record, slot, opening, opened);
                opening.acquire();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + portB + "/records/" + ids[record]
                        + "/events?version=1&mode=" + (slot % 10 == 0 ? "editing" : "viewing")))
                        .header("Accept", "text/event-stream").header("Cookie", session).GET().build();
                http.sendAsync(request, info -> {
                    if (info.statusCode() != 200) {
                        failure.compareAndSet(null, "a stream answered " + info.statusCode());
                    }
                    return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
                }).whenComplete((response, error) -> stream.ended(error));
                check();
            }
            if (!opened.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(opened.getCount() + " streams had no first event");
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            while (System.nanoTime() - lastEvent.get() < QUIET.toNanos()) {
                Thread.sleep(100);
            }
            check();
            System.out.printf("opened %d streams in %.1f s (each had its first event); quiet after %.1f s, %,d presence"
                    + " events meanwhile%n", STREAMS, openSeconds, (System.nanoTime() - start) / 1e9 - QUIET.toSeconds(),
                    presenceEvents.get());
        }

        /** Saves at {@link #RATE} a second through node A, warm-up first; then waits for the events and reports. */
        void save(String writer) throws Exception {
            long leasesBefore = leaseEvents.get();
            int presenceBefore = presenceEvents.get();
            int warmUp = WARM_UP_SECONDS * RATE;
            int total = warmUp + SECONDS * RATE;
            long period = 1_000_000_000L / RATE;
            BlockingQueue<Client> writers = new ArrayBlockingQueue<>(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                writers.add(new Client(portA, writer));
            }
            ReentrantLock[] locks = new ReentrantLock[RECORDS];
            int[] versions = new int[RECORDS];
            for (int r = 0; r < RECORDS; r++) {
                locks[r] = new ReentrantLock();
                versions[r] = 1;
            }
            long[] planned = new long[total];
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS, named("writer"));
            long t0 = System.nanoTime() + 100_000_000L;
            long cpuFrom = 0;
            for (int i = 0; i < total; i++) {
                if (i == warmUp) {
                    System.out.println("@MEASURING");
                    cpuFrom = cpuTime();
                }
                int save = i;
                planned[i] = t0 + i * period;
                while (System.nanoTime() < planned[i]) {
                    LockSupport.parkNanos(planned[i] - System.nanoTime());
                }
                pool.execute(() -> {
                    int r = save % RECORDS;
                    locks[r].lock();
                    try {
                        Client client = writers.take();
                        try {
                            Map<String, String> hidden = client.hiddenFields(client.get("/records/" + ids[r] + "/edit", 200));
                            if (!hidden.get("version").equals(Integer.toString(versions[r]))) {
                                throw new IllegalStateException("record " + ids[r] + " is at version " + hidden.get("version")
                                        + ", the writer counted " + versions[r]);
                            }
                            String form = SaveBenchmark.encodeHidden(hidden) + "&title=" + SaveBenchmark.encode("Save " + save)
                                    + "&note=&comment=";
                            long sent = System.nanoTime();
                            client.save(ids[r], form);
                            long answered = System.nanoTime();
                            versions[r]++;
                            ledger.saved(r, versions[r], save, planned[save], sent, answered);
                        } finally {
                            writers.add(client);
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        failure.compareAndSet(null, "save " + save + ": " + e);
                    } finally {
                        locks[r].unlock();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
            double clientCores = (cpuTime() - cpuFrom) / 1e9 / ((System.nanoTime() - planned[warmUp]) / 1e9);
            System.out.println("@MEASURED");
            check();
            long expected = (long) total * slots;
            long waitFrom = System.nanoTime();
            while (savedEvents.get() < expected && System.nanoTime() - waitFrom < STRAGGLERS.toNanos()) {
                Thread.sleep(50);
            }
            System.out.print(ledger.report(STREAMS, ended.get(), clientCores));
            long measuredFrom = planned[warmUp];
            System.out.println("heartbeat rounds began at (s into the measured saves): " + heartbeats.stream()
                    .filter(t -> t >= measuredFrom).map(t -> String.format("%.1f", (t - measuredFrom) / 1e9)).toList());
            System.out.printf("other events while saving (warm-up included): %,d lease (the edit form takes the writer's lease,"
                    + " the save gives it back), %,d presence%n", leaseEvents.get() - leasesBefore, presenceEvents.get() - presenceBefore);
            check();
        }

        private void heartbeat(long now) {
            long last = lastHeartbeat.getAndSet(now);
            if (now - last > 5_000_000_000L) {
                heartbeats.add(now);
            }
        }

        private void check() {
            String failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
        }

        private static long cpuTime() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** One open page's event stream, read line by line as it arrives. */
        final class Stream implements Flow.Subscriber<String> {
            private final int record;
            private final int slot;
            private final Semaphore opening;
            private final CountDownLatch opened;
            private String event = "";
            private boolean first = true;

            Stream(int record, int slot, Semaphore opening, CountDownLatch opened) {
                this.record = record;
                this.slot = slot;
                this.opening = opening;
                this.opened = opened;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                long now = System.nanoTime();
                if (line.isEmpty()) {
                    event = "";
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    lastEvent.set(now);
                    if (first) {
                        first = false;
                        opened.countDown();
                        opening.release();
                    }
                    switch (event) {
                        case "saved" -> {
                            ledger.arrived(record, version(line), slot, now);
                            savedEvents.incrementAndGet();
                        }
                        case "presence" -> presenceEvents.incrementAndGet();
                        case "lease" -> leaseEvents.incrementAndGet();
                        default -> failure.compareAndSet(null, "unexpected event " + event + ": " + line);
                    }
                } else if (line.startsWith(":")) {
                    heartbeat(now);
                }
            }

            @Override
            public void onError(Throwable error) {
                // Reported through ended().
            }

            @Override
            public void onComplete() {
                // Reported through ended().
            }

            void ended(Throwable error) {
                ended.incrementAndGet();
                if (first) {
                    first = false;
                    failure.compareAndSet(null, "a stream ended before its first event: " + error);
                    opened.countDown();
                    opening.release();
                }
            }

            /** The version of a {@code saved} event: {@code data: {"version":12,...}}. */
            private int version(String line) {
                int start = line.indexOf("\"version\":") + "\"version\":".length();
                int end = start;
                while (end < line.length() && Character.isDigit(line.charAt(end))) {
                    end++;
                }
                return Integer.parseInt(line.substring(start, end));
            }
        }
    }

    /**
     * Every save (when planned, when its POST was sent, when its 303 came back) and when each
     * stream of its record got its event, indexed by (record, version, stream).
     */
    static final class Ledger {
        private final int slots;
        private final int versions;
        private final int warmUp;
        private final long[] planned;
        private final long[] sent;
        private final long[] answered;
        private final int[] saveIndex;
        private final AtomicLongArray arrival;
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicInteger strays = new AtomicInteger();

        Ledger(int records, int slots, int versions, int warmUp) {
            this.slots = slots;
            this.versions = versions;
            this.warmUp = warmUp;
            this.planned = new long[records * versions];
            this.sent = new long[records * versions];
            this.answered = new long[records * versions];
            this.saveIndex = new int[records * versions];
            Arrays.fill(saveIndex, -1);
            this.arrival = new AtomicLongArray(records * versions * slots);
        }

        /** Called under the record's lock; read after the writers' pool has terminated. */
        void saved(int record, int version, int save, long plannedAt, long sentAt, long answeredAt) {
            int at = record * versions + version;
            saveIndex[at] = save;
            planned[at] = plannedAt;
            sent[at] = sentAt;
            answered[at] = answeredAt;
        }

        void arrived(int record, int version, int slot, long at) {
            if (version < 0 || version >= versions) {
                strays.incrementAndGet();
            } else if (!arrival.compareAndSet((record * versions + version) * slots + slot, 0, at)) {
                duplicates.incrementAndGet();
            }
        }

        String report(int streams, int ended, double clientCores) {
            List<Long> all = new ArrayList<>();
            List<Long> allAnswered = new ArrayList<>();
            List<Long> first = new ArrayList<>();
            List<Long> firstAnswered = new ArrayList<>();
            List<Long> last = new ArrayList<>();
            List<Long> lateSends = new ArrayList<>();
            List<Long> roundTrips = new ArrayList<>();
            long expected = 0;
            long missing = 0;
            long firstSent = Long.MAX_VALUE;
            long lastSent = 0;
            for (int at = 0; at < saveIndex.length; at++) {
                if (saveIndex[at] >= warmUp) {
                    firstSent = Math.min(firstSent, sent[at]);
                }
            }
            // The worst delay of the saves sent in each second: when the slow moments were.
            long[] worstBySecond = new long[SECONDS + 5];
            for (int at = 0; at < saveIndex.length; at++) {
                if (saveIndex[at] < warmUp) {
                    continue;
                }
                lastSent = Math.max(lastSent, sent[at]);
                lateSends.add(sent[at] - planned[at]);
                roundTrips.add(answered[at] - sent[at]);
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int s = 0; s < slots; s++) {
                    expected++;
                    long a = arrival.get(at * slots + s);
                    if (a == 0) {
                        missing++;
                        continue;
                    }
                    all.add(a - sent[at]);
                    allAnswered.add(a - answered[at]);
                    min = Math.min(min, a);
                    max = Math.max(max, a);
                }
                if (max != Long.MIN_VALUE) {
                    first.add(min - sent[at]);
                    firstAnswered.add(min - answered[at]);
                    last.add(max - sent[at]);
                    int second = (int) Math.min(worstBySecond.length - 1, (sent[at] - firstSent) / 1_000_000_000L);
                    worstBySecond[second] = Math.max(worstBySecond[second], max - sent[at]);
                }
            }
            int saves = roundTrips.size();
            StringBuilder out = new StringBuilder();
            out.append(String.format("measured saves: %d, sent at %.1f/s (planned %d/s), every one answered 303;"
                    + " POST round trip %s; POST sent after its planned instant (the edit form's GET comes first) %s%n",
                    saves, (saves - 1) / ((lastSent - firstSent) / 1e9), RATE, stats(roundTrips), stats(lateSends)));
            out.append(String.format("saved events: expected %,d (%d saves x %d streams), received %,d, missing %,d, duplicated %d,"
                    + " of unknown versions %d; streams ended meanwhile: %d of %d%n", expected, saves, slots, all.size(), missing,
                    duplicates.get(), strays.get(), ended, streams));
            out.append(String.format("delay from the POST being sent (before the commit) to the event on node B:%n"));
            out.append(String.format("  every delivery (%,d):         %s%n", all.size(), stats(all)));
            out.append(String.format("  first delivery of each save: %s%n", stats(first)));
            out.append(String.format("  last delivery of each save:  %s%n", stats(last)));
            out.append(String.format("delay from the POST's 303 (after the commit) to the event on node B (negative: the event came"
                    + " first):%n"));
            out.append(String.format("  every delivery:              %s%n", stats(allAnswered)));
            out.append(String.format("  first delivery of each save: %s%n", stats(firstAnswered)));
            out.append("worst delay of the saves sent in each second of the run (ms):");
            for (long worst : worstBySecond) {
                out.append(' ').append(worst / 1_000_000);
            }
            out.append(String.format("%nclient process CPU while measured: %.2f cores%n", clientCores));
            long p99 = all.isEmpty() ? Long.MAX_VALUE : percentile(all.stream().mapToLong(Long::longValue).sorted().toArray(), 0.99);
            out.append(String.format("goal: p99 of every delivery <= 500 ms, none missing: %s%n",
                    p99 <= 500_000_000L && missing == 0 ? "met" : "NOT met"));
            return out.toString();
        }

        private static String stats(List<Long> nanos) {
            if (nanos.isEmpty()) {
                return "(none)";
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
        }

        private static long percentile(long[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
        }
    }

    // ---- helpers ----

    private static String viewer(int n) {
        return String.format("viewer%02d", n);
    }

    private static FieldDef field(String key) {
        return new FieldDef(key, key, FieldType.TEXT, false, false, null, null, false, List.of());
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
