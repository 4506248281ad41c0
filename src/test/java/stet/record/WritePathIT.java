package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.BreakableConnections;
import stet.support.Invariants;
import stet.support.TestPostgres;

/**
 * The write path under races that used to slip through: another save landing right
 * after a commit, and an admin making a field unique while a save is on its way.
 * {@link BreakableConnections} runs the other party at the exact moment, so each race
 * happens in the same order every time.
 */
@ExtendWith(TestPostgres.class)
class WritePathIT {

    static Database db;
    static BreakableConnections breakable;
    static RecordService records;
    static CollectionService collections;
    static User alice;
    static User bob;
    static User admin;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        breakable = new BreakableConnections();
        Components c = Components.build(db.wrapped(breakable::wrap));
        records = c.records();
        collections = c.collections();
        c.users().create("alice", "Alice", "editor", "alice-password");
        c.users().create("bob", "Bob", "editor", "bob-password");
        c.users().create("root", "Root", "admin", "root-password");
        alice = c.users().authenticate("alice", "alice-password").orElseThrow();
        bob = c.users().authenticate("bob", "bob-password").orElseThrow();
        admin = c.users().authenticate("root", "root-password").orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** A collection of its own per test: a name, a code (not unique yet) and notes. */
    static Collection bins(String slug) {
        return collections.create(slug, "Bins", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("code", "Code", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, admin);
    }

    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }

    static StoredRecord create(Collection collection, String name, String code) {
        var outcome = records.create(collection, form("name", name, "code", code), null, null, alice);
        return ((CreateOutcome.Created) outcome).record();
    }

    static SaveOutcome save(StoredRecord from, Map<String, List<String>> form, User user) {
        return records.save(new SaveRequest(from.id(), from.version(),
                records.versionToken(from, user), form, null, null, null), user);
    }

    static CollectionService.Outcome makeCodeUnique(Collection collection) {
        List<FieldDef> fields = collection.fields().stream()
                .map(f -> f.key().equals("code")
                        ? new FieldDef(f.key(), f.label(), f.type(), f.required(), true, f.min(), f.max(), f.delta(), f.choices())
                        : f)
                .toList();
        CollectionForm form = CollectionForm.of(collection.name(), collection.slug(), false, fields, 0);
        return collections.update(collection.slug(), collection.version(),
                collections.versionToken(collection.id(), collection.version(), admin), form, admin);
    }

    @Test
    void a_save_reports_the_version_it_wrote_even_when_another_save_lands_right_after_its_commit() {
        Collection bins = bins("bins-11a");
        StoredRecord record = create(bins, "Shelf", "S-1");
        StoredRecord v1 = records.get(record.id());
        // Bob saves version 3 the moment Alice's version 2 is committed.
        breakable.afterNextCommit(() -> save(records.get(record.id()), form("name", "Shelf", "code", "S-1",
                "notes", "bob"), bob));

        var outcome = save(v1, form("name", "Shelf A", "code", "S-1"), alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        StoredRecord saved = ((SaveOutcome.Saved) outcome).record();
        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.data()).isEqualTo(Map.of("name", "Shelf A", "code", "S-1"));
        assertThat(saved.updatedBy()).isEqualTo("Alice");
        assertThat(records.get(record.id()).version()).isEqualTo(3);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void an_automatic_merge_reports_its_own_version_and_base_even_when_another_save_lands_right_after_its_commit() {
        Collection bins = bins("bins-11b");
        StoredRecord v1 = create(bins, "Crate", "C-1");
        save(v1, form("name", "Crate", "code", "C-2"), bob);
        // Alice's merge becomes version 3; Bob saves version 4 the moment it is committed.
        breakable.afterNextCommit(() -> save(records.get(v1.id()), form("name", "Crate", "code", "C-3",
                "notes", "later"), bob));

        var outcome = save(v1, form("name", "Crate B", "code", "C-1"), alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        var saved = (SaveOutcome.Saved) outcome;
        assertThat(saved.record().version()).isEqualTo(3);
        assertThat(saved.record().data()).isEqualTo(Map.of("name", "Crate B", "code", "C-2"));
        assertThat(saved.merge().baseVersion()).isEqualTo(1);
        assertThat(saved.merge().theirs().version()).isEqualTo(2);
        assertThat(records.get(v1.id()).version()).isEqualTo(4);
        Invariants.assertHistoryConsistent(db.dsl(), v1.id());
    }

    @Test
    void under_concurrent_saves_every_save_reports_exactly_the_version_it_wrote() throws Exception {
        Collection journals = bins("journal-11");
        int threads = 8;
        int savesEach = 20;
        // Each thread owns one line of the notes, two untouched lines apart: concurrent saves merge cleanly.
        StringBuilder notes = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            notes.append("thread ").append(t).append(" start\npad\npad\n");
        }
        long id = ((CreateOutcome.Created) records.create(journals,
                form("name", "Journal", "notes", notes.toString()), null, null, alice)).record().id();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<SaveOutcome.Saved>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                User user = t % 2 == 0 ? alice : bob;
                results.add(pool.submit(() -> {
                    start.await();
                    List<SaveOutcome.Saved> saved = new ArrayList<>();
                    for (int i = 0; i < savesEach; i++) {
                        StoredRecord seen = records.get(id);
                        List<String> lines = new ArrayList<>(List.of(seen.value("notes").split("\n")));
                        lines.set(3 * thread, "thread " + thread + " save " + i);
                        String text = String.join("\n", lines) + "\n";
                        if (save(seen, form("name", "Journal", "notes", text), user)
                                instanceof SaveOutcome.Saved s) {
                            saved.add(s);
                        }
                    }
                    return saved;
                }));
            }
            start.countDown();
            int savedCount = 0;
            int misreported = 0;
            for (Future<List<SaveOutcome.Saved>> result : results) {
                for (SaveOutcome.Saved saved : result.get(120, TimeUnit.SECONDS)) {
                    savedCount++;
                    Revision written = records.revision(id, saved.record().version());
                    boolean own = written.data().equals(saved.record().data())
                            && Objects.equals(written.authorId(), saved.record().updatedById())
                            && (saved.merge() == null
                                    || (Objects.equals(saved.merge().baseVersion(), written.baseVersion())
                                            && Objects.equals(saved.merge().theirs().version(), written.mergedVersion())));
                    if (!own) {
                        misreported++;
                    }
                }
            }
            assertThat(misreported).as("saves that named another version than their own, of %d", savedCount).isZero();
            assertThat(records.get(id).version()).isEqualTo(1 + savedCount);
            Invariants.assertHistoryConsistent(db.dsl(), id);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_save_holding_the_old_definition_cannot_duplicate_a_value_made_unique_as_it_writes() {
        Collection bins = bins("bins-13a");
        create(bins, "First", "X");
        StoredRecord second = create(bins, "Second", "Y");
        // The save has read the definition (code not unique); the admin's change commits as its transaction begins.
        CompletableFuture<CollectionService.Outcome> made = new CompletableFuture<>();
        breakable.onNextBegin(() -> made.complete(makeCodeUnique(bins)));

        var outcome = save(second, form("name", "Second", "code", "X"), bob);

        assertThat(made.join()).isInstanceOf(CollectionService.Outcome.Saved.class);
        assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
        assertThat(((SaveOutcome.Invalid) outcome).validation().errors()).containsOnlyKeys("code");
        assertThat(records.get(second.id()).value("code")).isEqualTo("Y");
        assertThat(records.get(second.id()).version()).isEqualTo(1);
    }

    @Test
    void a_create_holding_the_old_definition_cannot_duplicate_a_value_made_unique_as_it_writes() {
        Collection bins = bins("bins-13b");
        create(bins, "First", "X");
        CompletableFuture<CollectionService.Outcome> made = new CompletableFuture<>();
        breakable.onNextBegin(() -> made.complete(makeCodeUnique(bins)));

        var outcome = records.create(bins, form("name", "Second", "code", "X"), null, null, bob);

        assertThat(made.join()).isInstanceOf(CollectionService.Outcome.Saved.class);
        assertThat(outcome).isInstanceOf(CreateOutcome.Invalid.class);
        assertThat(((CreateOutcome.Invalid) outcome).validation().errors()).containsOnlyKeys("code");
        assertThat(records.list(bins, RecordQuery.parse(bins, Map.of()), 10)).hasSize(1);
    }

    @Test
    void making_a_field_unique_waits_for_a_save_in_flight_and_then_sees_its_duplicate() throws Exception {
        Collection bins = bins("bins-13c");
        create(bins, "First", "X");
        StoredRecord second = create(bins, "Second", "Y");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch adminStarted = new CountDownLatch(1);
            AtomicReference<Future<CollectionService.Outcome>> admin = new AtomicReference<>();
            // While the save's transaction is open (its rows written, not committed), the admin makes code unique.
            breakable.beforeNextCommit(() -> {
                admin.set(pool.submit(() -> {
                    adminStarted.countDown();
                    return makeCodeUnique(bins);
                }));
                await(adminStarted);
                waitUntilBlockedOrDone(admin.get());
            });

            var outcome = save(second, form("name", "Second", "code", "X"), bob);

            assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
            assertThat(admin.get().get(10, TimeUnit.SECONDS)).isInstanceOf(CollectionService.Outcome.Invalid.class);
            Collection after = collections.find(bins.id()).orElseThrow();
            assertThat(after.version()).isEqualTo(bins.version());
            assertThat(after.field("code").orElseThrow().unique()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Until the admin's transaction waits on a lock held by the save, or has finished without waiting. */
    private static void waitUntilBlockedOrDone(Future<?> admin) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!admin.isDone()) {
            Number waiting = (Number) db.dsl().fetchValue("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock'");
            if (waiting.intValue() > 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the admin's change neither finished nor waited on a lock");
            }
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
