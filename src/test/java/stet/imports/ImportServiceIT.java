package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static stet.db.jooq.Tables.IMPORT_JOB;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.CreateOutcome;
import stet.record.RecordService;
import stet.record.Revision;
import stet.record.SaveOutcome;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;
import stet.support.Invariants;
import stet.support.LongTexts;
import stet.support.Records;
import stet.support.Sessions;
import stet.support.TestClock;
import stet.support.TestPostgres;

/**
 * CSV imports on a real PostgreSQL: every outcome of the preview (and that it writes no
 * record), the refusals and limits, matching on a unique field, applying with records that
 * people saved meanwhile (merged or reported, never overwritten), and reverting.
 */
@ExtendWith(TestPostgres.class)
class ImportServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger SKUS = new AtomicInteger();

    static Database db;
    static Components parts;
    static ImportService imports;
    static RecordService records;
    static User alice;
    static User bob;
    static User admin;
    static Collection items;
    /** What the service reported: the tests of the metrics read it before and after. */
    static final CountedImports COUNTED = new CountedImports();

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        parts = Components.build(db, new Components.Reporting(stet.record.SaveMetrics.NONE, counted -> { }, COUNTED),
                new ImportLimits(64 * 1024, 50), 4);
        imports = parts.imports();
        records = parts.records();
        parts.users().create("alice", "Alice", "editor", "alice-password");
        parts.users().create("bob", "Bob", "editor", "bob-password");
        parts.users().create("root", "Root", "admin", "root-password");
        alice = parts.users().authenticate("alice", "alice-password").orElseThrow();
        bob = parts.users().authenticate("bob", "bob-password").orElseThrow();
        admin = parts.users().authenticate("root", "root-password").orElseThrow();
        items = parts.collections().create("items", "Items", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, "0", null, false, List.of())),
                false, alice);
        imports.workers().start();
    }

    @AfterAll
    static void tearDown() {
        imports.workers().stop();
        db.close();
    }

    // --- preview ---

    @Test
    void preview_classifies_every_outcome_and_writes_no_record() {
        StoredRecord same = create("Same", sku(), "a\nb\n", "1");
        StoredRecord changed = create("Old name", sku(), "", "1");
        StoredRecord cleanlyStale = create("Clean", sku(), "one\ntwo\nthree\n", "1");
        StoredRecord conflicting = create("Conflict", sku(), "", "1");
        // After the "export", people change two records: one elsewhere than the file does, one where it does.
        save(cleanlyStale, Map.of("qty", "5"), bob);
        save(conflicting, Map.of("name", "Bob's name"), bob);
        String newSku = sku();
        String csv = header("_id,_version,name,sku,notes,qty")
                + line(same.id(), 1, "Same", same.value("sku"), "a\nb\n", "1")
                + line(changed.id(), 1, "New name", changed.value("sku"), "", "1")
                + line("", "", "Brand new", newSku, "", "7")
                + line("", "", "", sku(), "", "not a number")
                + line(cleanlyStale.id(), 1, "Clean", cleanlyStale.value("sku"), "one\ntwo\nthree\nfour\n", "1")
                + line(conflicting.id(), 1, "File's name", conflicting.value("sku"), "", "1");
        long recordsBefore = countRecords();

        long id = imports.upload(items, csv(csv), null, alice);

        ImportJob job = imports.find(id);
        assertThat(job.state()).isEqualTo(ImportState.READY);
        assertThat(job.total()).isEqualTo(6);
        assertThat(job.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(RowOutcome.NEW, 1, RowOutcome.CHANGED, 1,
                RowOutcome.UNCHANGED, 1, RowOutcome.INVALID, 1, RowOutcome.STALE, 2));
        assertThat(job.conflicts()).isEqualTo(1);
        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 100).rows());
        assertThat(rows.get(2).outcome()).isEqualTo(RowOutcome.UNCHANGED);
        assertThat(rows.get(3).outcome()).isEqualTo(RowOutcome.CHANGED);
        assertThat(rows.get(3).changes()).containsExactly(new ImportRow.Change("name", "Old name", "New name"));
        assertThat(rows.get(4).outcome()).isEqualTo(RowOutcome.NEW);
        assertThat(rows.get(4).changes()).contains(new ImportRow.Change("sku", null, newSku));
        assertThat(rows.get(5).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(5).messages()).containsOnlyKeys("name", "qty");
        assertThat(rows.get(6).outcome()).isEqualTo(RowOutcome.STALE);
        assertThat(rows.get(6).conflict()).isFalse();
        assertThat(rows.get(6).changes()).containsExactly(
                new ImportRow.Change("notes", "one\ntwo\nthree\n", "one\ntwo\nthree\nfour\n"));
        assertThat(rows.get(7).outcome()).isEqualTo(RowOutcome.STALE);
        assertThat(rows.get(7).conflict()).isTrue();
        assertThat(rows.get(7).conflicts()).containsExactly("name");
        // Nothing is written before apply.
        assertThat(countRecords()).isEqualTo(recordsBefore);
        assertThat(records.get(changed.id()).version()).isEqualTo(1);
        assertThat(imports.rows(id, RowOutcome.STALE, 0, 100).rows()).extracting(ImportRow::line).containsExactly(6, 7);
    }

    @Test
    void rows_are_paged_by_line() {
        StringBuilder csv = new StringBuilder(header("name,sku"));
        for (int i = 0; i < 7; i++) {
            csv.append(line("Row " + i, sku()));
        }
        long id = imports.upload(items, csv(csv.toString()), null, alice);

        RowPage first = imports.rows(id, null, 0, 3);
        RowPage second = imports.rows(id, null, first.nextAfter(), 3);
        RowPage last = imports.rows(id, null, second.nextAfter(), 3);

        assertThat(first.rows()).extracting(ImportRow::line).containsExactly(2, 3, 4);
        assertThat(second.rows()).extracting(ImportRow::line).containsExactly(5, 6, 7);
        assertThat(last.rows()).extracting(ImportRow::line).containsExactly(8);
        assertThat(last.nextAfter()).isNull();
    }

    @Test
    void unknown_columns_are_refused_naming_them_and_nothing_is_kept() {
        long jobsBefore = countJobs();

        assertThatThrownBy(() -> imports.upload(items, csv("name,colour,size\nBolt,red,M\n"), null, alice))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImportException.Reason.UNKNOWN_COLUMNS);
                    assertThat(e.getMessage()).contains("'colour', 'size'").contains("by a field's key or label")
                            .containsSubsequence("'name' (", "'sku' (", "'notes' (", "'qty' (");
                });
        assertThat(countJobs()).isEqualTo(jobsBefore);
    }

    @Test
    void a_preview_whose_reading_stopped_for_minutes_is_failed_saying_so_and_its_late_end_is_refused() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        byte[] start = (header("name,sku") + line("Stalled", "ST-" + SKUS.incrementAndGet())).getBytes(StandardCharsets.UTF_8);
        // An upload that stops after its first row, as the reading stops when its node is killed.
        InputStream stalling = new SequenceInputStream(new ByteArrayInputStream(start), new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return -1;
            }
        });
        CompletableFuture<Long> upload = CompletableFuture.supplyAsync(() -> imports.upload(items, stalling, null, alice));
        try {
            long id = awaitPreviewing();
            assertThat(imports.failStalledPreviews()).as("a preview still reading").isZero();
            db.dsl().update(IMPORT_JOB).set(IMPORT_JOB.READ_AT, java.time.OffsetDateTime.now().minusMinutes(10))
                    .where(IMPORT_JOB.ID.eq(id)).execute();

            assertThat(imports.failStalledPreviews()).isEqualTo(1);

            ImportJob failed = imports.find(id);
            assertThat(failed.state()).isEqualTo(ImportState.FAILED);
            assertThat(failed.failure()).contains("stopped before every row was read");
        } finally {
            resume.countDown();
        }
        assertThatThrownBy(() -> upload.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(ImportException.class)
                .hasMessageContaining("given up");
    }

    @Test
    void an_upload_that_keeps_arriving_slowly_is_never_taken_for_a_stalled_one() {
        TestClock clock = new TestClock();
        ImportService slow = new ImportService(db, records, parts.collections(), userId -> alice,
                new ImportLimits(64 * 1024, 50), 4, ImportMetrics.NONE, clock);
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(header("name,sku").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 22; i++) {
            String row = line("Trickled " + i, sku());
            pieces.add(row.substring(0, 5).getBytes(StandardCharsets.UTF_8));
            pieces.add(row.substring(5).getBytes(StandardCharsets.UTF_8));
        }
        // Half a row every 9 s for 6.6 minutes, never a silence: the database's clock is moved by
        // aging read_at as the test's clock moves, and a sweeper looks each time.
        InputStream trickle = new InputStream() {
            private int next;
            /** How much of the piece before {@code next} was read. */
            private int at;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read in pieces");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (next > 0 && at < pieces.get(next - 1).length) {
                    return rest(buffer, offset, length);
                }
                if (next == pieces.size()) {
                    return -1;
                }
                clock.advance(Duration.ofSeconds(9));
                db.dsl().execute("update import_job set read_at = read_at - interval '9 seconds' where state = 'previewing'");
                assertThat(slow.failStalledPreviews()).as("previews failed as stalled at piece %d", next).isZero();
                next++;
                at = 0;
                return rest(buffer, offset, length);
            }

            private int rest(byte[] buffer, int offset, int length) {
                byte[] piece = pieces.get(next - 1);
                int n = Math.min(length, piece.length - at);
                System.arraycopy(piece, at, buffer, offset, n);
                at += n;
                return n;
            }
        };

        long id = slow.upload(items, trickle, null, alice);

        ImportJob job = slow.find(id);
        assertThat(job.state()).isEqualTo(ImportState.READY);
        assertThat(job.total()).isEqualTo(22);
    }

    /** The id of the one import being previewed, once its job is there. */
    private static long awaitPreviewing() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> ids = db.dsl().select(IMPORT_JOB.ID).from(IMPORT_JOB)
                    .where(IMPORT_JOB.STATE.eq(ImportState.PREVIEWING.dbName())).fetch(IMPORT_JOB.ID);
            if (ids.size() == 1) {
                return ids.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no import was being previewed");
    }

    @Test
    void a_file_over_the_row_limit_is_refused_and_nothing_is_kept() {
        StringBuilder csv = new StringBuilder(header("name"));
        for (int i = 0; i < 51; i++) {
            csv.append("Row ").append(i).append("\r\n");
        }
        long jobsBefore = countJobs();

        assertThatThrownBy(() -> imports.upload(items, csv(csv.toString()), null, alice))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImportException.Reason.TOO_MANY_ROWS);
                    assertThat(e.getMessage()).contains("more than 50 rows");
                });
        assertThat(countJobs()).isEqualTo(jobsBefore);
    }

    @Test
    void a_file_over_the_byte_limit_is_refused_and_nothing_is_kept() {
        String csv = header("name,notes") + line("Big", "x".repeat(70 * 1024));
        long jobsBefore = countJobs();

        assertThatThrownBy(() -> imports.upload(items, csv(csv), null, alice))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImportException.Reason.TOO_LARGE);
                    assertThat(e.getMessage()).contains("larger than 65,536 bytes");
                });
        assertThat(countJobs()).isEqualTo(jobsBefore);
    }

    @Test
    void a_file_that_is_not_utf8_is_refused() {
        byte[] latin1 = "name\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> imports.upload(items, new ByteArrayInputStream(latin1), null, alice))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.getMessage()).contains("not UTF-8"));
    }

    @Test
    void a_byte_order_mark_is_skipped() {
        long id = imports.upload(items, csv("\uFEFFname,sku\nBom," + sku() + "\n"), null, alice);

        assertThat(imports.find(id).columns()).containsExactly("name", "sku");
        assertThat(imports.find(id).count(RowOutcome.NEW)).isEqualTo(1);
    }

    @Test
    void rows_match_on_a_unique_field() {
        StoredRecord existing = create("Washer", sku(), "", "1");
        String newSku = sku();

        long id = imports.upload(items, csv(header("name,sku") + line("Washer, steel", existing.value("sku"))
                + line("Nut", newSku)), "sku", alice);

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).outcome()).isEqualTo(RowOutcome.CHANGED);
        assertThat(rows.get(2).recordId()).isEqualTo(existing.id());
        assertThat(rows.get(2).baseVersion()).isEqualTo(1);
        assertThat(rows.get(3).outcome()).isEqualTo(RowOutcome.NEW);

        applyAndWait(id, Set.of());

        assertThat(records.get(existing.id()).value("name")).isEqualTo("Washer, steel");
        assertThat(records.get(existing.id()).value("qty")).as("a column the file lacks keeps its value").isEqualTo("1");
    }

    @Test
    void matching_on_a_field_that_is_not_unique_is_refused() {
        assertThatThrownBy(() -> imports.upload(items, csv("name\nBolt\n"), "name", alice))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImportException.Reason.BAD_MATCH_FIELD);
                    assertThat(e.getMessage()).contains("'name' is not unique").contains("sku");
                });
    }

    @Test
    void a_record_named_twice_in_one_file_is_invalid_after_its_first_line() {
        StoredRecord record = create("Twice", sku(), "", "1");
        String repeated = sku();

        long id = imports.upload(items, csv(header("_id,name,sku") + line(record.id(), "First", record.value("sku"))
                + line(record.id(), "Second", record.value("sku")) + line("", "New", repeated)
                + line("", "New again", repeated)), "sku", alice);

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).outcome()).isEqualTo(RowOutcome.CHANGED);
        assertThat(rows.get(3).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(3).messages().get("_id")).contains("also on line 2");
        assertThat(rows.get(4).outcome()).isEqualTo(RowOutcome.NEW);
        assertThat(rows.get(5).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(5).messages().get("sku")).contains("also on line 4");
    }

    @Test
    void a_row_naming_a_missing_or_foreign_record_is_invalid() {
        long id = imports.upload(items, csv(header("_id,_version,name") + line("999999", "", "Ghost")
                + line("abc", "", "Bad id") + line("", "3", "Version without id")), null, alice);

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).messages().get("_id")).contains("no record 999999");
        assertThat(rows.get(3).messages().get("_id")).contains("Not a record id");
        assertThat(rows.get(4).messages().get("_version")).contains("needs the _id");
    }

    @Test
    void an_id_or_version_written_in_other_than_ascii_digits_is_no_record_id_or_version() {
        StoredRecord record = create("Digits", sku(), "", "1");
        String arabicIndic = String.valueOf(record.id()).chars().mapToObj(c -> String.valueOf((char) ('\u0660' + c - '0')))
                .collect(Collectors.joining());

        long id = imports.upload(items, csv(header("_id,_version,name") + line(arabicIndic, "1", "Overwritten?")
                + line(record.id(), "\u0661", "Overwritten?") + line(record.id(), "\uff11", "Overwritten?")), null, alice);

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(2).messages().get("_id")).isEqualTo("Not a record id: '" + arabicIndic + "'.");
        assertThat(rows.get(3).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(3).messages().get("_version")).isEqualTo("Not a version: '\u0661'.");
        assertThat(rows.get(4).messages().get("_version")).isEqualTo("Not a version: '\uff11'.");
    }

    @Test
    void a_row_with_more_cells_than_the_header_comes_back_in_the_rejected_rows_with_every_cell() {
        long id = imports.upload(items, csv("name,sku,qty\r\nWide,W-1,1,extra,\"more, still\"\r\nNarrow\r\n"), null, alice);

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(2).messages().get("_row")).startsWith("Has 5 cells; the header has 3");
        assertThat(rejected(id).lines().toList()).containsExactly("name,sku,qty,_error",
                "Wide,W-1,1,Line 2: _row: " + rows.get(2).messages().get("_row") + ",extra,\"more, still\"",
                "Narrow,,,Line 3: _row: Has 1 cell; the header has 3.");
    }

    @Test
    void a_nul_character_makes_only_its_row_invalid_and_the_row_keeps_its_cells_with_the_nul_shown() {
        String good = sku();

        long id = imports.upload(items, csv(header("_id,name,sku") + line("", "Lamp\0X", sku())
                + line("", "Shade", "S\0-1") + line("1\0", "Bulb", sku()) + line("", "Switch", good)), "sku", alice);

        ImportJob job = imports.find(id);
        assertThat(job.state()).isEqualTo(ImportState.READY);
        assertThat(job.count(RowOutcome.INVALID)).isEqualTo(3);
        assertThat(job.count(RowOutcome.NEW)).isEqualTo(1);
        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).messages())
                .containsOnly(Map.entry("name", "Contains a NUL character (\\0), which cannot be stored."));
        assertThat(rows.get(2).input()).containsEntry("name", "Lamp\u2400X");
        assertThat(rows.get(3).messages()).containsOnlyKeys("sku");
        assertThat(rows.get(3).input()).containsEntry("sku", "S\u2400-1");
        assertThat(rows.get(4).messages()).containsOnlyKeys("_id");
        assertThat(rows.get(4).messages().get("_id")).doesNotContain("\0");
        assertThat(rejected(id)).contains("Lamp\u2400X").contains("NUL character");

        applyAndWait(id, Set.of());

        rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).result()).isEqualTo(RowResult.INVALID);
        assertThat(rows.get(2).resultMessage()).contains("NUL character");
        assertThat(rows.get(3).result()).isEqualTo(RowResult.INVALID);
        assertThat(rows.get(4).result()).isEqualTo(RowResult.INVALID);
        assertThat(rows.get(5).result()).isEqualTo(RowResult.CREATED);
        assertThat(records.get(rows.get(5).recordId()).value("sku")).isEqualTo(good);
    }

    // --- apply ---

    @Test
    void apply_writes_each_row_as_an_import_revision_and_leaves_invalid_rows() {
        StoredRecord changed = create("Before", sku(), "", "1");
        long id = imports.upload(items, csv(header("_id,_version,name,sku,qty")
                + line(changed.id(), 1, "After", changed.value("sku"), "1")
                + line("", "", "Created", sku(), "3")
                + line("", "", "", sku(), "x")), null, alice);

        ImportJob done = applyAndWait(id, Set.of());

        assertThat(done.applied()).isEqualTo(3);
        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).result()).isEqualTo(RowResult.UPDATED);
        assertThat(rows.get(2).appliedVersion()).isEqualTo(2);
        assertThat(rows.get(3).result()).isEqualTo(RowResult.CREATED);
        assertThat(rows.get(4).result()).isEqualTo(RowResult.INVALID);
        StoredRecord after = records.get(changed.id());
        assertThat(after.value("name")).isEqualTo("After");
        Revision revision = records.revision(changed.id(), 2);
        assertThat(revision.kind()).isEqualTo(Revision.Kind.IMPORT);
        StoredRecord created = records.get(rows.get(3).recordId());
        assertThat(created.value("name")).isEqualTo("Created");
        assertThat(records.revision(created.id(), 1).kind()).isEqualTo(Revision.Kind.IMPORT);
        assertThat(imports.revisions(id, 0, 0, 10)).containsExactlyInAnyOrder(
                new ImportRevision(changed.id(), 2), new ImportRevision(created.id(), 1));
        assertThat(db.dsl().fetchCount(REVISION, REVISION.IMPORT_ID.eq(id))).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), changed.id());
        Invariants.assertHistoryConsistent(db.dsl(), created.id());
    }

    @Test
    void a_record_saved_by_a_person_after_the_preview_is_merged_never_overwritten() {
        StoredRecord record = create("Name", sku(), "one\ntwo\nthree\n", "1");
        long id = imports.upload(items, csv(header("_id,_version,notes")
                + line(record.id(), 1, "one\ntwo\nthree\nfour\n")), null, alice);
        // Bob saves the record between the preview and the apply, elsewhere than the file changes it.
        save(record, Map.of("name", "Bob's name"), bob);

        applyAndWait(id, Set.of());

        StoredRecord after = records.get(record.id());
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.value("name")).isEqualTo("Bob's name");
        assertThat(after.value("notes")).isEqualTo("one\ntwo\nthree\nfour\n");
        ImportRow row = imports.rows(id, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.MERGED);
        Revision merged = records.revision(record.id(), 3);
        assertThat(merged.kind()).isEqualTo(Revision.Kind.IMPORT);
        assertThat(merged.baseVersion()).isEqualTo(1);
        assertThat(merged.mergedVersion()).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void the_same_file_imported_twice_adds_a_delta_change_once() {
        Collection stock = stock("stock-twice");
        StoredRecord record = bolts(stock);
        String file = header("_id,_version,qty") + line(record.id(), 1, "11");
        applyAndWait(imports.upload(stock, csv(file), null, alice), Set.of());
        assertThat(records.get(record.id()).value("qty")).isEqualTo("11");

        // The same file again (a second upload of it, after a timeout say): its change is in already.
        long again = imports.upload(stock, csv(file), null, alice);
        ImportRow previewed = imports.rows(again, null, 0, 10).rows().get(0);
        assertThat(previewed.outcome()).isEqualTo(RowOutcome.UNCHANGED);
        applyAndWait(again, Set.of());

        ImportRow row = imports.rows(again, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.UNCHANGED);
        assertThat(row.resultMessage()).contains("version 2");
        assertThat(records.get(record.id()).value("qty")).isEqualTo("11");
        assertThat(records.get(record.id()).version()).isEqualTo(2);

        // Another change from the same version is another change: added to what is saved.
        applyAndWait(imports.upload(stock, csv(header("_id,_version,qty") + line(record.id(), 1, "13")), null, alice),
                Set.of());
        assertThat(records.get(record.id()).value("qty")).isEqualTo("14");
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void the_same_file_uploaded_twice_and_both_applied_at_once_adds_a_delta_change_once() {
        Collection stock = stock("stock-at-once");
        StoredRecord record = bolts(stock);
        String file = header("_id,_version,qty") + line(record.id(), 1, "11");
        long first = imports.upload(stock, csv(file), null, alice);
        long second = imports.upload(stock, csv(file), null, alice);

        // Both applying at once: the workers (two threads) take their batches side by side.
        imports.apply(first, Set.of(), alice);
        imports.apply(second, Set.of(), alice);
        awaitDone(imports, first);
        awaitDone(imports, second);

        assertThat(records.get(record.id()).value("qty")).isEqualTo("11");
        assertThat(records.get(record.id()).version()).isEqualTo(2);
        assertThat(List.of(imports.rows(first, null, 0, 10).rows().get(0).result(),
                imports.rows(second, null, 0, 10).rows().get(0).result()))
                .containsExactlyInAnyOrder(RowResult.UPDATED, RowResult.UNCHANGED);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void a_file_imported_again_after_its_import_was_reverted_is_imported_again_and_a_delta_still_counts_once() {
        Collection stock = stock("stock-reverted");
        StoredRecord record = bolts(stock);
        String file = header("_id,_version,name,qty") + line(record.id(), 1, "Bolts, steel", "11");
        long first = imports.upload(stock, csv(file), null, alice);
        applyAndWait(first, Set.of());
        imports.revert(first, admin);
        assertThat(records.get(record.id()).data()).containsEntry("name", "Bolts").containsEntry("qty", "10");

        // The revert took the change out: the same file again is a change again, not "already imported".
        long again = imports.upload(stock, csv(file), null, alice);
        ImportRow previewed = imports.rows(again, null, 0, 10).rows().get(0);
        assertThat(previewed.outcome()).isEqualTo(RowOutcome.STALE);
        assertThat(previewed.conflict()).isFalse();
        applyAndWait(again, Set.of());

        ImportRow row = imports.rows(again, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.MERGED);
        assertThat(records.get(record.id()).data()).containsEntry("name", "Bolts, steel").containsEntry("qty", "11");
        assertThat(records.get(record.id()).version()).isEqualTo(4);

        // Now it is in the record again: a third upload of the file adds nothing.
        long third = imports.upload(stock, csv(file), null, alice);
        assertThat(imports.rows(third, null, 0, 10).rows().get(0).outcome()).isEqualTo(RowOutcome.UNCHANGED);
        applyAndWait(third, Set.of());
        assertThat(imports.rows(third, null, 0, 10).rows().get(0).resultMessage()).contains("version 4");
        assertThat(records.get(record.id()).value("qty")).isEqualTo("11");
        assertThat(records.get(record.id()).version()).isEqualTo(4);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void a_field_removed_after_the_preview_leaves_the_rows_that_give_it_a_value_unwritten_and_in_the_rejected_rows() {
        Collection tagged = parts.collections().create("tagged-removed", "Tagged", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("tag", "Tag", FieldType.TEXT, false, false, null, null, false, List.of())),
                false, alice);
        StoredRecord retagged = ((CreateOutcome.Created) records.create(tagged, Map.of("name", List.of("Retagged"),
                "tag", List.of("old")), null, null, alice)).record();
        StoredRecord sameTag = ((CreateOutcome.Created) records.create(tagged, Map.of("name", List.of("Same tag"),
                "tag", List.of("kept")), null, null, alice)).record();
        long id = imports.upload(tagged, csv(header("_id,_version,name,tag")
                + line(retagged.id(), 1, "Retagged, renamed", "new")
                + line(sameTag.id(), 1, "Same tag, renamed", "kept")
                + line("", "", "Created with a tag", "a")
                + line("", "", "Created without one", "")), null, alice);
        assertThat(imports.find(id).count(RowOutcome.CHANGED)).isEqualTo(2);
        // An admin removes the field between the preview and the apply.
        Collection current = parts.collections().get(tagged.slug());
        CollectionForm form = CollectionForm.of(current.name(), current.slug(), false, List.of(current.fields().get(0)), 0);
        assertThat(parts.collections().update(current.slug(), current.version(),
                parts.collections().versionToken(current.id(), current.version(), admin), form, admin))
                .isInstanceOf(CollectionService.Outcome.Saved.class);
        long recordsBefore = countRecords();

        applyAndWait(id, Set.of());

        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).result()).isEqualTo(RowResult.CONFLICT);
        assertThat(rows.get(2).resultMessage()).contains("tag").contains("removed");
        assertThat(records.get(retagged.id()).version()).as("nothing of the row written").isEqualTo(1);
        assertThat(records.get(retagged.id()).value("name")).isEqualTo("Retagged");
        assertThat(rows.get(3).result()).as("its tag is the record's: nothing lost").isEqualTo(RowResult.UPDATED);
        assertThat(records.get(sameTag.id()).value("name")).isEqualTo("Same tag, renamed");
        assertThat(rows.get(4).result()).isEqualTo(RowResult.CONFLICT);
        assertThat(rows.get(4).resultMessage()).contains("tag").contains("removed");
        assertThat(rows.get(5).result()).isEqualTo(RowResult.CREATED);
        assertThat(countRecords()).isEqualTo(recordsBefore + 1);
        List<String> rejected = rejected(id).lines().toList();
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(1)).startsWith(retagged.id() + ",1,\"Retagged, renamed\",new,\"Line 2: tag:");
        // (An empty first cell is written quoted, so that the line is not taken for an empty one.)
        assertThat(rejected.get(2)).startsWith("\"\",,Created with a tag,a,\"Line 4: tag:");
    }

    @Test
    void a_unique_value_another_record_holds_or_an_earlier_row_gives_is_invalid_in_the_preview_as_at_apply() {
        StoredRecord holder = create("Holder", sku(), "", "1");
        StoredRecord mover = create("Mover", sku(), "", "1");
        StoredRecord keeper = create("Keeper", sku(), "", "1");
        String shared = sku();
        long id = imports.upload(items, csv(header("_id,_version,name,sku")
                + line("", "", "Taken", holder.value("sku"))
                + line("", "", "First", shared)
                + line("", "", "Second", shared)
                + line(mover.id(), 1, "Mover", holder.value("sku"))
                + line(keeper.id(), 1, "Keeper, renamed", keeper.value("sku"))), null, alice);

        ImportJob job = imports.find(id);
        assertThat(job.count(RowOutcome.INVALID)).isEqualTo(3);
        assertThat(job.count(RowOutcome.NEW)).isEqualTo(1);
        assertThat(job.count(RowOutcome.CHANGED)).isEqualTo(1);
        Map<Integer, ImportRow> rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(2).messages()).containsExactly(Map.entry("sku", "'" + holder.value("sku") + "' is already taken."));
        assertThat(rows.get(3).outcome()).isEqualTo(RowOutcome.NEW);
        assertThat(rows.get(4).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(4).messages().get("sku")).startsWith("'" + shared + "' is already taken").contains("line 3");
        assertThat(rows.get(5).outcome()).isEqualTo(RowOutcome.INVALID);
        assertThat(rows.get(5).messages()).containsExactly(Map.entry("sku", "'" + holder.value("sku") + "' is already taken."));
        assertThat(rows.get(6).outcome()).as("its own value is no other record's").isEqualTo(RowOutcome.CHANGED);
        assertThat(rejected(id)).contains("Line 2: sku: '" + holder.value("sku") + "' is already taken.")
                .contains("Line 4: sku: '" + shared + "' is already taken");

        applyAndWait(id, Set.of());

        rows = byLine(imports.rows(id, null, 0, 10).rows());
        assertThat(rows.get(3).result()).isEqualTo(RowResult.CREATED);
        assertThat(rows.get(6).result()).isEqualTo(RowResult.UPDATED);
        assertThat(List.of(rows.get(2).result(), rows.get(4).result(), rows.get(5).result()))
                .containsOnly(RowResult.INVALID);
        assertThat(records.get(mover.id()).version()).isEqualTo(1);
    }

    @Test
    void a_record_saved_by_a_person_in_the_same_field_is_reported_as_a_conflict_and_left_untouched() {
        StoredRecord record = create("Name", sku(), "", "1");
        long id = imports.upload(items, csv(header("_id,_version,name") + line(record.id(), 1, "File's name")), null,
                alice);
        save(record, Map.of("name", "Bob's name"), bob);

        applyAndWait(id, Set.of());

        StoredRecord after = records.get(record.id());
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.value("name")).isEqualTo("Bob's name");
        ImportRow row = imports.rows(id, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.CONFLICT);
        assertThat(row.resultMessage()).contains("conflict in: name");
        assertThat(rejected(id)).contains("_error").contains("File's name").contains("conflict in: name");
    }

    @Test
    void in_an_exclusive_collection_a_row_for_a_record_someone_else_is_editing_is_left_as_it_is() {
        Collection drafts = exclusiveDrafts("drafts-held");
        StoredRecord held = draft(drafts, "Held");
        StoredRecord free = draft(drafts, "Free");
        long id = imports.upload(drafts, csv(header("_id,_version,name") + line(held.id(), 1, "From the file")
                + line(free.id(), 1, "Also from the file")), null, alice);
        parts.leases().take(held.id(), drafts.leasing(), bob, Sessions.open(db.dsl(), bob.id(), "bobs-session"));

        applyAndWait(id, Set.of());

        assertThat(records.get(held.id()).value("name")).isEqualTo("Held");
        assertThat(records.get(free.id()).value("name")).isEqualTo("Also from the file");
        ImportRow row = imports.rows(id, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.CONFLICT);
        assertThat(row.resultMessage()).contains("Bob is editing");
        assertThat(rejected(id)).contains("From the file").contains("Bob is editing");
    }

    @Test
    void a_file_separated_by_semicolons_gets_its_rejected_rows_back_separated_by_semicolons() {
        long id = imports.upload(items, csv("name;qty;notes\r\nGood;1;a, b\r\nBad;many;\"c; d\"\r\n"), null, alice);

        assertThat(imports.find(id).count(RowOutcome.NEW)).isEqualTo(1);
        List<String> rejected = rejected(id).lines().toList();
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0)).isEqualTo("name;qty;notes;_error");
        assertThat(rejected.get(1)).startsWith("Bad;many;\"c; d\";").contains("qty:");
    }

    @Test
    void skipped_rows_are_not_written_and_come_back_in_the_rejected_file() {
        StoredRecord record = create("Name", sku(), "", "1");
        save(record, Map.of("name", "Bob's name"), bob);
        long id = imports.upload(items, csv(header("_id,_version,name,qty") + line(record.id(), 1, "File's name", "1")
                + line("", "", "Bad", "x")), null, alice);

        applyAndWait(id, Set.of(Skip.CONFLICT, Skip.INVALID));

        assertThat(imports.rows(id, null, 0, 10).rows()).extracting(ImportRow::result)
                .containsExactly(RowResult.SKIPPED, RowResult.SKIPPED);
        assertThat(records.get(record.id()).version()).isEqualTo(2);
        String rejected = rejected(id);
        assertThat(rejected.lines().toList()).hasSize(3);
        assertThat(rejected.lines().findFirst().orElseThrow()).isEqualTo("_id,_version,name,qty,_error");
        assertThat(rejected).contains("Line 3: qty:");
    }

    @Test
    void a_unique_value_taken_meanwhile_makes_only_that_row_invalid() {
        String taken = sku();
        long id = imports.upload(items, csv(header("name,sku") + line("First", taken) + line("Second", sku())), null,
                alice);
        create("Someone else", taken, "", "1");

        applyAndWait(id, Set.of());

        List<ImportRow> rows = imports.rows(id, null, 0, 10).rows();
        assertThat(rows.get(0).result()).isEqualTo(RowResult.INVALID);
        assertThat(rows.get(0).resultMessage()).contains("sku").contains("already taken");
        assertThat(rows.get(1).result()).isEqualTo(RowResult.CREATED);
        assertThat(db.dsl().fetchCount(RECORD, RECORD.ID.eq(rows.get(1).recordId()))).isEqualTo(1);
    }

    @Test
    void a_unique_value_longer_than_an_index_entry_is_imported_and_matches_its_record_next_time() {
        // 1,000 characters, as many as a text field allows, but 3,000 bytes of UTF-8.
        String longSku = LongTexts.ideographs(6, 1000);
        long first = imports.upload(items, csv(header("name,sku") + line("Long", longSku)), null, alice);
        applyAndWait(first, Set.of());
        long created = imports.rows(first, null, 0, 10).rows().get(0).recordId();

        long second = imports.upload(items, csv(header("name,sku") + line("Long, renamed", longSku)), "sku", alice);

        ImportRow row = imports.rows(second, null, 0, 10).rows().get(0);
        assertThat(row.outcome()).isEqualTo(RowOutcome.CHANGED);
        assertThat(row.recordId()).isEqualTo(created);
        applyAndWait(second, Set.of());
        assertThat(records.get(created).value("name")).isEqualTo("Long, renamed");
    }

    @Test
    void an_import_is_applied_once() {
        long id = imports.upload(items, csv(header("name,sku") + line("Once", sku())), null, alice);
        applyAndWait(id, Set.of());

        assertThatThrownBy(() -> imports.apply(id, Set.of(), alice))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImportException.Reason.WRONG_STATE));
        assertThat(db.dsl().fetchCount(REVISION, REVISION.IMPORT_ID.eq(id))).isEqualTo(1);
    }

    @Test
    void only_the_uploader_or_an_admin_applies_an_import() {
        long id = imports.upload(items, csv(header("name,sku") + line("Mine", sku())), null, alice);

        assertThatThrownBy(() -> imports.apply(id, Set.of(), bob)).isInstanceOf(stet.error.ForbiddenException.class);
        assertThat(applyAndWait(id, Set.of(), admin).state()).isEqualTo(ImportState.DONE);
    }

    // --- revert ---

    @Test
    void revert_restores_changed_records_deletes_created_ones_and_lists_records_changed_since() {
        StoredRecord kept = create("Kept", sku(), "", "1");
        StoredRecord touchedLater = create("Touched", sku(), "", "1");
        long id = imports.upload(items, csv(header("_id,name,sku,qty") + line(kept.id(), "Imported", kept.value("sku"), "1")
                + line(touchedLater.id(), "Imported too", touchedLater.value("sku"), "1")
                + line("", "Created", sku(), "2")), null, alice);
        applyAndWait(id, Set.of());
        long created = byLine(imports.rows(id, null, 0, 10).rows()).get(4).recordId();
        StoredRecord later = records.get(touchedLater.id());
        save(later, Map.of("qty", "9"), bob);

        assertThatThrownBy(() -> imports.revert(id, alice)).isInstanceOf(stet.error.ForbiddenException.class);
        RevertReport report = imports.revert(id, admin);

        assertThat(report.reverted()).containsExactly(kept.id());
        assertThat(report.deleted()).containsExactly(created);
        assertThat(report.changedSince()).containsExactly(
                new RevertReport.ChangedSince(touchedLater.id(), 2, 3, false));
        StoredRecord reverted = records.get(kept.id());
        assertThat(reverted.value("name")).isEqualTo("Kept");
        assertThat(reverted.version()).isEqualTo(3);
        assertThat(records.revision(kept.id(), 3).kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(records.get(created).deleted()).isTrue();
        assertThat(records.get(touchedLater.id()).value("name")).as("never overwritten").isEqualTo("Imported too");
        assertThat(records.get(touchedLater.id()).version()).isEqualTo(3);
        Invariants.assertHistoryConsistent(db.dsl(), kept.id());
        Invariants.assertHistoryConsistent(db.dsl(), created);
        assertThatThrownBy(() -> imports.revert(id, admin))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.getMessage()).contains("reverted already"));
    }

    @Test
    void in_an_exclusive_collection_a_revert_leaves_a_record_someone_else_is_editing_as_it_is_and_reports_it() {
        Collection drafts = exclusiveDrafts("drafts-revert");
        StoredRecord held = draft(drafts, "Held");
        StoredRecord free = draft(drafts, "Free");
        long id = imports.upload(drafts, csv(header("_id,_version,name") + line(held.id(), 1, "From the file")
                + line(free.id(), 1, "Also from the file") + line("", "", "Created by the file")), null, alice);
        applyAndWait(id, Set.of());
        long created = byLine(imports.rows(id, null, 0, 10).rows()).get(4).recordId();
        parts.leases().take(held.id(), drafts.leasing(), bob, Sessions.open(db.dsl(), bob.id(), "bobs-session"));
        parts.leases().take(created, drafts.leasing(), bob, "bobs-session");

        RevertReport report = imports.revert(id, admin);

        assertThat(report.reverted()).containsExactly(free.id());
        assertThat(report.deleted()).isEmpty();
        assertThat(report.changedSince()).isEmpty();
        assertThat(report.refused()).extracting(RevertReport.Refused::recordId).containsExactly(held.id(), created);
        assertThat(report.refused().get(0).message()).startsWith("Bob is editing record " + held.id() + ",");
        assertThat(records.get(held.id()).value("name")).as("left as Bob sees it").isEqualTo("From the file");
        assertThat(records.get(held.id()).version()).isEqualTo(2);
        assertThat(records.get(created).deleted()).isFalse();
        assertThat(records.get(free.id()).value("name")).isEqualTo("Free");
    }

    @Test
    void a_revert_stopped_part_way_by_a_failing_batch_is_finished_by_running_it_again() {
        // Six records changed and two created: reverted in batches of 4, record by record in id order.
        List<StoredRecord> changed = new ArrayList<>();
        StringBuilder csv = new StringBuilder(header("_id,name,sku,qty"));
        for (int i = 0; i < 6; i++) {
            StoredRecord record = create("Part " + i, sku(), "", "1");
            changed.add(record);
            csv.append(line(record.id(), "Part " + i, record.value("sku"), "10"));
        }
        csv.append(line("", "New A", sku(), "1")).append(line("", "New B", sku(), "1"));
        long id = imports.upload(items, csv(csv.toString()), null, alice);
        applyAndWait(id, Set.of());
        List<Long> created = imports.rows(id, RowOutcome.NEW, 0, 10).rows().stream().map(ImportRow::recordId).toList();
        StoredRecord touchedLater = records.get(changed.get(1).id());
        save(touchedLater, Map.of("name", "Part 1, later"), bob);
        long heldByAnother = changed.get(5).id();

        // Someone holds a record of the second batch for longer than the lock timeout: that batch fails.
        db.dsl().transaction(held -> {
            held.dsl().selectOne().from(RECORD).where(RECORD.ID.eq(heldByAnother)).forUpdate().fetch();
            assertThatThrownBy(() -> imports.revert(id, admin))
                    .isInstanceOf(stet.error.DatabaseUnavailableException.class);
        });

        assertThat(imports.find(id).revertedAt()).as("not all of it is reverted").isNull();
        assertThat(records.get(changed.get(0).id()).value("qty")).as("the first batch committed").isEqualTo("1");
        assertThat(records.get(changed.get(4).id()).version()).as("the failed batch rolled back").isEqualTo(2);

        RevertReport report = imports.revert(id, admin);

        assertThat(report.reverted()).containsExactly(changed.get(0).id(), changed.get(2).id(), changed.get(3).id(),
                changed.get(4).id(), changed.get(5).id());
        assertThat(report.deleted()).containsExactlyElementsOf(created);
        assertThat(report.changedSince()).containsExactly(new RevertReport.ChangedSince(touchedLater.id(), 2, 3, false));
        for (StoredRecord record : changed) {
            if (record.id() != touchedLater.id()) {
                assertThat(records.get(record.id()).value("qty")).isEqualTo("1");
                assertThat(records.get(record.id()).version()).as("reverted once").isEqualTo(3);
            }
            Invariants.assertHistoryConsistent(db.dsl(), record.id());
        }
        created.forEach(c -> assertThat(records.get(c).deleted()).isTrue());
        assertThat(imports.find(id).revertedAt()).isNotNull();
        assertThatThrownBy(() -> imports.revert(id, admin))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.getMessage()).contains("reverted already"));
    }

    @Test
    void a_second_revert_while_one_runs_is_refused_and_the_first_reverts_every_record_once() {
        List<StoredRecord> changed = new ArrayList<>();
        StringBuilder csv = new StringBuilder(header("_id,name,sku,qty"));
        for (int i = 0; i < 6; i++) {
            StoredRecord record = create("Bolt " + i, sku(), "", "1");
            changed.add(record);
            csv.append(line(record.id(), "Bolt " + i, record.value("sku"), "10"));
        }
        long id = imports.upload(items, csv(csv.toString()), null, alice);
        applyAndWait(id, Set.of());
        stet.support.BreakableConnections cues = new stet.support.BreakableConnections();
        ImportService node = Components.build(db.wrapped(cues::wrap), Components.Reporting.NONE,
                new ImportLimits(64 * 1024, 50), 4).imports();
        AtomicReference<Throwable> second = new AtomicReference<>();
        // As the running revert's first batch commits, another admin reverts the same import.
        cues.beforeNextCommit(() -> {
            try {
                imports.revert(id, admin);
            } catch (RuntimeException e) {
                second.set(e);
            }
        });

        RevertReport report = node.revert(id, admin);

        assertThat(second.get()).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.reason()).isEqualTo(ImportException.Reason.WRONG_STATE);
            assertThat(e.getMessage()).contains("being reverted");
        });
        assertThat(report.reverted()).containsExactlyElementsOf(changed.stream().map(StoredRecord::id).toList());
        for (StoredRecord record : changed) {
            assertThat(records.get(record.id()).version()).as("reverted once").isEqualTo(3);
        }
        assertThat(imports.find(id).revertedAt()).isNotNull();
    }

    @Test
    void a_revert_left_by_a_stopped_node_is_taken_over_once_its_claim_has_not_moved_for_two_minutes() {
        StoredRecord record = create("Hook", sku(), "", "1");
        long id = imports.upload(items,
                csv(header("_id,name,sku,qty") + line(record.id(), "Hook", record.value("sku"), "5")), null, alice);
        applyAndWait(id, Set.of());
        // A node took the claim and stopped before its first batch.
        db.dsl().update(IMPORT_JOB).set(IMPORT_JOB.REVERT_CLAIM, java.util.UUID.randomUUID())
                .set(IMPORT_JOB.REVERT_CLAIMED_AT, java.time.OffsetDateTime.now().minusSeconds(90))
                .where(IMPORT_JOB.ID.eq(id)).execute();

        assertThatThrownBy(() -> imports.revert(id, admin))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.getMessage()).contains("being reverted"));
        db.dsl().update(IMPORT_JOB).set(IMPORT_JOB.REVERT_CLAIMED_AT, java.time.OffsetDateTime.now().minusMinutes(3))
                .where(IMPORT_JOB.ID.eq(id)).execute();
        RevertReport report = imports.revert(id, admin);

        assertThat(report.reverted()).containsExactly(record.id());
        assertThat(records.get(record.id()).value("qty")).isEqualTo("1");
        assertThat(imports.find(id).revertedAt()).isNotNull();
    }

    @Test
    void a_definition_saved_by_an_admin_mid_revert_is_read_again_and_the_revert_goes_on() {
        Collection shelves = parts.collections().create("shelves", "Shelves", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, null, null, false, List.of())),
                false, admin);
        List<Long> changed = new ArrayList<>();
        StringBuilder csv = new StringBuilder(header("_id,name,qty"));
        for (int i = 0; i < 6; i++) {
            long record = ((CreateOutcome.Created) records.create(shelves, Map.of("name", List.of("Shelf " + i),
                    "qty", List.of("1")), null, null, alice)).record().id();
            changed.add(record);
            csv.append(line(record, "Shelf " + i, "10"));
        }
        long id = imports.upload(shelves, csv(csv.toString()), null, alice);
        applyAndWait(id, Set.of());
        stet.support.BreakableConnections cues = new stet.support.BreakableConnections();
        ImportService node = Components.build(db.wrapped(cues::wrap), Components.Reporting.NONE,
                new ImportLimits(64 * 1024, 50), 4).imports();
        // The second batch has read the definition; the admin's change commits as its transaction begins.
        cues.afterNextCommit(() -> cues.onNextBegin(() -> assertThat(parts.collections().update("shelves",
                shelves.version(), parts.collections().versionToken(shelves.id(), shelves.version(), admin),
                stet.schema.CollectionForm.of("Shelves, renamed", "shelves", false, shelves.fields(), 0), admin))
                .isInstanceOf(stet.schema.CollectionService.Outcome.Saved.class)));

        RevertReport report = node.revert(id, admin);

        assertThat(parts.collections().get("shelves").name()).isEqualTo("Shelves, renamed");
        assertThat(report.reverted()).containsExactlyElementsOf(changed);
        changed.forEach(r -> assertThat(records.get(r).value("qty")).isEqualTo("1"));
        assertThat(imports.find(id).revertedAt()).isNotNull();
    }

    // --- metrics ---

    @Test
    void an_import_reports_its_steps_and_each_committed_batch_with_what_its_rows_came_to() {
        StoredRecord changed = create("Hinge", sku(), "", "1");
        StoredRecord same = create("Latch", sku(), "", "2");
        StoredRecord savedMeanwhile = create("Bracket", sku(), "", "3");
        StringBuilder csv = new StringBuilder(header("_id,_version,name,sku,qty"))
                .append(line(changed.id(), 1, "Hinge", changed.value("sku"), "10"))
                .append(line(same.id(), 1, "Latch", same.value("sku"), "2"))
                .append(line(savedMeanwhile.id(), 1, "Bracket", savedMeanwhile.value("sku"), "30"))
                .append(line("", "", "Spring", sku(), "not a number"));
        for (int i = 0; i < 5; i++) {
            csv.append(line("", "", "Screw " + i, sku(), "1"));
        }
        Snapshot before = Snapshot.of(COUNTED);

        long id = imports.upload(items, csv(csv.toString()), null, alice);
        // Saved by someone else after the file was read: the row's change of the quantity is merged with it.
        save(savedMeanwhile, Map.of("name", "Bracket, steel"), bob);
        applyAndWait(id, Set.of());
        awaitCounted(ImportMetrics.Event.DONE, before.done + 1);

        assertThat(COUNTED.events(ImportMetrics.Event.PREVIEWED)).isEqualTo(before.previewed + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.STARTED)).isEqualTo(before.started + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.DONE)).isEqualTo(before.done + 1);
        // 9 rows in batches of 4, each timed.
        assertThat(COUNTED.batches()).isEqualTo(before.batches + 3);
        assertThat(COUNTED.untimed()).isZero();
        Map<RowResult, Integer> expected = Map.of(RowResult.CREATED, 5, RowResult.UPDATED, 1, RowResult.UNCHANGED, 1,
                RowResult.MERGED, 1, RowResult.INVALID, 1, RowResult.CONFLICT, 0, RowResult.SKIPPED, 0);
        expected.forEach((result, rows) -> assertThat(COUNTED.rows(result) - before.rows.get(result)).as(result.dbName())
                .isEqualTo(rows));
        // The counts are the rows' results as stored.
        Map<RowResult, Long> stored = imports.rows(id, null, 0, 100).rows().stream()
                .collect(Collectors.groupingBy(ImportRow::result, Collectors.counting()));
        stored.forEach((result, rows) -> assertThat(rows).as(result.dbName()).isEqualTo((long) expected.get(result)));
    }

    @Test
    void refused_files_applies_and_reverts_count_only_what_happened() {
        Snapshot before = Snapshot.of(COUNTED);

        assertThatThrownBy(() -> imports.upload(items, csv("name,colour\nBolt,red\n"), null, alice))
                .isInstanceOf(ImportException.class);
        long id = imports.upload(items, csv(header("name,sku") + line("Nail", sku())), null, alice);
        applyAndWait(id, Set.of());
        awaitCounted(ImportMetrics.Event.DONE, before.done + 1);
        assertThatThrownBy(() -> imports.apply(id, Set.of(), alice)).isInstanceOf(ImportException.class);
        imports.revert(id, admin);
        assertThatThrownBy(() -> imports.revert(id, admin)).isInstanceOf(ImportException.class);

        assertThat(COUNTED.events(ImportMetrics.Event.REFUSED)).isEqualTo(before.refused + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.PREVIEWED)).isEqualTo(before.previewed + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.STARTED)).isEqualTo(before.started + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.REVERTED)).isEqualTo(before.reverted + 1);
        assertThat(COUNTED.events(ImportMetrics.Event.FAILED)).isEqualTo(before.failed);
    }

    @Test
    void an_import_that_cannot_go_on_is_counted_failed_once_whichever_node_failed_it() {
        // Two nodes whose workers cannot apply anything: each batch fails finding the import's author.
        CountedImports nodeA = new CountedImports();
        CountedImports nodeB = new CountedImports();
        ImportService failingA = failing(nodeA);
        ImportService failingB = failing(nodeB);
        long id = failingA.upload(items, csv(header("name,sku") + line("Rivet", sku())), null, alice);
        imports.workers().stop();
        try (ImportWorkers a = failingA.workers().start(); ImportWorkers b = failingB.workers().start()) {
            failingA.apply(id, Set.of(), alice);
            await("import " + id + " counted failed",
                    () -> nodeA.events(ImportMetrics.Event.FAILED) + nodeB.events(ImportMetrics.Event.FAILED) > 0);
        } finally {
            imports.workers().start();
        }

        ImportJob job = imports.find(id);
        assertThat(job.state()).isEqualTo(ImportState.FAILED);
        assertThat(job.failure()).contains("no author here");
        assertThat(nodeA.events(ImportMetrics.Event.FAILED) + nodeB.events(ImportMetrics.Event.FAILED)).isEqualTo(1);
        assertThat(nodeA.events(ImportMetrics.Event.DONE) + nodeB.events(ImportMetrics.Event.DONE)).isZero();
        assertThat(nodeA.batches() + nodeB.batches()).isZero();
    }

    @Test
    void a_failure_reported_after_an_import_finished_changes_nothing() {
        long id = imports.upload(items, csv(header("name,sku") + line("Staple", sku())), null, alice);
        applyAndWait(id, Set.of());

        assertThat(new ImportStore(db.dsl()).fail(id, "too late")).isFalse();

        ImportJob job = imports.find(id);
        assertThat(job.state()).isEqualTo(ImportState.DONE);
        assertThat(job.failure()).isNull();
    }

    /** An import service on this database whose workers fail every batch. */
    private static ImportService failing(ImportMetrics metrics) {
        return new ImportService(db, records, parts.collections(), userId -> {
            throw new IllegalStateException("no author here");
        }, new ImportLimits(64 * 1024, 50), 4, metrics);
    }

    /** Waits for the workers to count {@code event} (they count a step just after its commit). */
    private static void awaitCounted(ImportMetrics.Event event, int count) {
        await(event + " counted", () -> COUNTED.events(event) >= count);
    }

    /** The counts before a test's steps. */
    private record Snapshot(int previewed, int refused, int started, int done, int failed, int reverted, int batches,
            Map<RowResult, Integer> rows) {

        static Snapshot of(CountedImports counted) {
            Map<RowResult, Integer> rows = new java.util.EnumMap<>(RowResult.class);
            for (RowResult result : RowResult.values()) {
                rows.put(result, counted.rows(result));
            }
            return new Snapshot(counted.events(ImportMetrics.Event.PREVIEWED), counted.events(ImportMetrics.Event.REFUSED),
                    counted.events(ImportMetrics.Event.STARTED), counted.events(ImportMetrics.Event.DONE),
                    counted.events(ImportMetrics.Event.FAILED), counted.events(ImportMetrics.Event.REVERTED),
                    counted.batches(), rows);
        }
    }

    // --- fixtures ---

    static String sku() {
        return "SKU-" + SKUS.incrementAndGet();
    }

    static StoredRecord create(String name, String sku, String notes, String qty) {
        var outcome = records.create(items, Map.of("name", List.of(name), "sku", List.of(sku), "notes", List.of(notes),
                "qty", List.of(qty)), null, null, alice);
        return ((CreateOutcome.Created) outcome).record();
    }

    /** A collection of a name and a quantity that merges as a delta (two saves adding 1 to 10 give 12). */
    static Collection stock(String slug) {
        return parts.collections().create(slug, "Stock", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, null, null, true, List.of())),
                false, alice);
    }

    /** A record of {@code stock}: 10 bolts, at version 1. */
    static StoredRecord bolts(Collection stock) {
        return ((CreateOutcome.Created) records.create(stock, Map.of("name", List.of("Bolts"), "qty", List.of("10")),
                null, null, alice)).record();
    }

    /** A collection of one field, {@code name}, in which only the person editing a record may change it. */
    static Collection exclusiveDrafts(String slug) {
        return parts.collections().create(slug, "Drafts", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of())), false,
                new Leasing(true, 10), admin);
    }

    static StoredRecord draft(Collection drafts, String name) {
        return ((CreateOutcome.Created) records.create(drafts, Map.of("name", List.of(name)), null, null, alice)).record();
    }

    /** Saves {@code changes} over the record's current values, as {@code user} from its current version. */
    static void save(StoredRecord record, Map<String, String> changes, User user) {
        assertThat(Records.save(records, record.id(), changes, user)).isInstanceOf(SaveOutcome.Saved.class);
    }

    static ImportJob applyAndWait(long id, Set<Skip> skip) {
        return applyAndWait(id, skip, alice);
    }

    static ImportJob applyAndWait(long id, Set<Skip> skip, User user) {
        imports.apply(id, skip, user);
        return awaitDone(imports, id);
    }

    /** Waits for the workers to finish an import (they poll, so no event to wait on). */
    static ImportJob awaitDone(ImportService service, long id) {
        await("import " + id + " done", () -> {
            ImportState state = service.find(id).state();
            return state == ImportState.DONE || state == ImportState.FAILED;
        });
        ImportJob job = service.find(id);
        assertThat(job.state()).as(job.failure()).isEqualTo(ImportState.DONE);
        return job;
    }

    /** Waits up to {@link #WAIT} for {@code condition}, which workers' threads make true. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, WAIT).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String rejected(long id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        imports.rejectedCsv(id, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<Integer, ImportRow> byLine(List<ImportRow> rows) {
        return rows.stream().collect(Collectors.toMap(ImportRow::line, r -> r));
    }

    static long countRecords() {
        return db.dsl().fetchCount(RECORD);
    }

    static long countJobs() {
        return db.dsl().fetchCount(IMPORT_JOB);
    }

    static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static String header(String columns) {
        return columns + "\r\n";
    }

    /** One CSV row, each cell quoted (quotes doubled), ended by CRLF. */
    static String line(Object... cells) {
        return java.util.Arrays.stream(cells)
                .map(c -> "\"" + String.valueOf(c).replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(",")) + "\r\n";
    }
}
