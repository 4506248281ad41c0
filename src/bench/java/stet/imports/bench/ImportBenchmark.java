package stet.imports.bench;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.jooq.impl.DSL;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.imports.ImportJob;
import stet.imports.ImportService;
import stet.imports.ImportState;
import stet.imports.RowOutcome;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;

/**
 * The CSV import benchmark of docs/benchmarks.md ("CSV import (issue 13)"): on a fresh
 * embedded PostgreSQL, a file of 100,000 rows of a 10-field collection (one longtext of
 * about 600 characters over several lines, one unique SKU) is uploaded (the preview) and
 * applied by the node's workers, creating every record; then a second file of the same
 * rows with {@code _id} and {@code _version}, two fields changed, is previewed and applied
 * as updates. The files are generated as they are read, so the benchmark holds no file in
 * memory either; the heap's peak (all heap pools) is sampled throughout.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@imports} ({@code -Dimport.rows=N},
 * {@code -Dimport.heap=256m} change the run).
 */
public final class ImportBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("stet.import.rows", 100_000);
        Path dataDir = Files.createTempDirectory("stet-import-bench");
        HeapPeak heap = new HeapPeak();
        heap.start();
        try (App app = TestApp.start(Database.embedded(dataDir))) {
            run(app, rows, heap);
        } finally {
            heap.interrupt();
        }
    }

    static void run(App app, int rows, HeapPeak heap) throws Exception {
        Components parts = Components.build(app.database());
        ImportService imports = app.imports();
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection items = parts.collections().create("items", "Items", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, true, true, null, null, false, List.of()),
                new FieldDef("price", "Price", FieldType.NUMBER, false, false, "0", null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, "0", null, false, List.of()),
                new FieldDef("colour", "Colour", FieldType.CHOICE, false, false, null, null, false,
                        List.of("red", "green", "blue")),
                new FieldDef("active", "Active", FieldType.BOOLEAN, false, false, null, null, false, List.of()),
                new FieldDef("since", "Since", FieldType.DATE, false, false, null, null, false, List.of()),
                new FieldDef("maker", "Maker", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("place", "Place", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, admin);
        String header = "name,sku,price,qty,colour,active,since,maker,place,notes";
        System.out.printf("CSV import benchmark: %,d rows, 10 fields, max heap %d MiB, %d cores%n", rows,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        Generated creates = new Generated(header, rows, i -> row("", i, 1));
        phase("create", imports, items, admin, creates, rows, heap);

        // Each SKU's record (workers apply batches in parallel, so ids are not in line order): the
        // second file updates each record, as an exported file edited would.
        long[] ids = new long[rows];
        app.database().dsl().select(stet.db.jooq.Tables.RECORD.ID, DSL.field("data ->> 'sku'", String.class))
                .from(stet.db.jooq.Tables.RECORD).where(stet.db.jooq.Tables.RECORD.COLLECTION_ID.eq(items.id()))
                .forEach(r -> ids[Integer.parseInt(r.value2().substring("SKU-".length()))] = r.value1());
        Generated updates = new Generated("_id,_version," + header, rows, i -> ids[i] + ",1," + row("", i, 2));
        phase("update", imports, items, admin, updates, rows, heap);
    }

    private static void phase(String name, ImportService imports, Collection items, User admin, Generated file, int rows,
            HeapPeak heap) {
        heap.reset();
        long started = System.nanoTime();
        long cpu0 = cpu();
        long id = imports.upload(items, file, null, admin);
        long previewed = System.nanoTime();
        long cpu1 = cpu();
        ImportJob job = imports.find(id);
        imports.apply(id, java.util.Set.of(), admin);
        while (true) {
            job = imports.find(id);
            if (job.state() == ImportState.DONE || job.state() == ImportState.FAILED) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long applied = System.nanoTime();
        long cpu2 = cpu();
        double previewS = (previewed - started) / 1e9;
        double applyS = (applied - previewed) / 1e9;
        System.out.printf("%s: %,d rows (%,d MB of CSV), new %,d changed %,d invalid %,d; state %s%s%n", name,
                job.total(), file.bytes() >> 20, job.count(RowOutcome.NEW), job.count(RowOutcome.CHANGED),
                job.count(RowOutcome.INVALID), job.state().dbName(), job.failure() == null ? "" : " (" + job.failure() + ")");
        System.out.printf("%s: preview %.1f s (%,.0f rows/s), apply %.1f s (%,.0f rows/s), total %.1f s; peak heap %d MiB%n",
                name, previewS, rows / previewS, applyS, rows / applyS, previewS + applyS, heap.peak() >> 20);
        System.out.printf("%s: CPU of stet's JVM: preview %.1f s, apply %.1f s%n", name, (cpu1 - cpu0) / 1e9,
                (cpu2 - cpu1) / 1e9);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One row of the file: 10 cells, the longtext about 600 characters over 6 lines. */
    static String row(String prefix, int i, int edition) {
        Random random = new Random(i);
        StringBuilder notes = new StringBuilder();
        for (int line = 0; line < 6; line++) {
            notes.append("Line ").append(line).append(" of item ").append(i).append(": ");
            for (int w = 0; w < 12; w++) {
                notes.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            notes.append('\n');
        }
        return prefix + "Item " + i + (edition > 1 ? " (edition " + edition + ")" : "") + ",SKU-" + i + ","
                + (random.nextInt(100_000) / 100.0) + "," + (random.nextInt(1_000) + edition) + ","
                + List.of("red", "green", "blue").get(random.nextInt(3)) + "," + random.nextBoolean() + ",2026-"
                + String.format("%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)) + ",Maker "
                + random.nextInt(500) + ",\"Hall " + random.nextInt(40) + ", shelf " + random.nextInt(200) + "\",\""
                + notes + "\"\r\n";
    }

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    /** A CSV file produced row by row as it is read: no file in memory. */
    static final class Generated extends InputStream {
        private final IntFunction<String> rows;
        private final int count;
        private byte[] chunk;
        private int at;
        private int next;
        private long bytes;

        Generated(String header, int count, IntFunction<String> rows) {
            this.rows = rows;
            this.count = count;
            this.chunk = (header + "\r\n").getBytes(StandardCharsets.UTF_8);
        }

        long bytes() {
            return bytes;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at == chunk.length) {
                if (next == count) {
                    return -1;
                }
                chunk = rows.apply(next++).getBytes(StandardCharsets.UTF_8);
                at = 0;
            }
            int n = Math.min(length, chunk.length - at);
            System.arraycopy(chunk, at, buffer, offset, n);
            at += n;
            bytes += n;
            return n;
        }
    }

    /** Samples the heap's use (all heap pools) every 20 ms and keeps the peak. */
    static final class HeapPeak extends Thread {
        private final AtomicLong peak = new AtomicLong();

        HeapPeak() {
            super("heap-peak");
            setDaemon(true);
        }

        long peak() {
            return peak.get();
        }

        void reset() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            peak.set(0);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                    }
                }
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
