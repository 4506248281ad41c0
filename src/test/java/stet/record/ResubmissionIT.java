package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Invariants;
import stet.support.TestPostgres;

/**
 * A save sent twice (a double click, a browser or script resending the same request, with
 * the same idempotency key) is saved once: the second finds the first's key in the history
 * and is answered with it instead of being merged on top of it, which for a delta field
 * would count the change twice. Saves under other keys, even from the same version by the
 * same author with the same values (two tabs, two threads of a script), each count.
 */
@ExtendWith(TestPostgres.class)
class ResubmissionIT {

    static Database db;
    static RecordService records;
    static User alice;
    static User bob;
    static Collection stock;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        Components parts = Components.build(db);
        records = parts.records();
        parts.users().create("alice", "Alice", "editor", "alice-password");
        parts.users().create("bob", "Bob", "editor", "bob-password");
        alice = parts.users().authenticate("alice", "alice-password").orElseThrow();
        bob = parts.users().authenticate("bob", "bob-password").orElseThrow();
        stock = parts.collections().create("stock", "Stock", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("qty", "Qty", FieldType.INTEGER, false, false, "0", null, true, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, alice);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void a_save_sent_twice_adds_a_delta_once() {
        StoredRecord v1 = create("Bolts", "10");
        SaveRequest request = request(v1, alice, "name", "Bolts", "qty", "11");

        SaveOutcome first = records.save(request, alice);
        SaveOutcome second = records.save(request, alice);

        assertThat(first).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(second).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(((SaveOutcome.Saved) second).record().version()).isEqualTo(2);
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("11");
        assertThat(records.get(v1.id()).version()).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), v1.id());
    }

    @Test
    void a_save_sent_twice_at_once_adds_a_delta_once() throws Exception {
        StoredRecord v1 = create("Nuts", "10");
        SaveRequest request = request(v1, alice, "name", "Nuts", "qty", "13");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SaveOutcome>> sent = List.of(pool.submit(() -> {
                start.await();
                return records.save(request, alice);
            }), pool.submit(() -> {
                start.await();
                return records.save(request, alice);
            }));
            start.countDown();
            for (Future<SaveOutcome> outcome : sent) {
                assertThat(outcome.get()).isInstanceOf(SaveOutcome.Saved.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("13");
        assertThat(records.get(v1.id()).version()).isEqualTo(2);
    }

    @Test
    void a_merged_save_sent_twice_is_merged_once() {
        StoredRecord v1 = create("Washers", "10");
        records.save(request(v1, bob, "name", "Washers", "qty", "12"), bob);
        SaveRequest request = request(v1, alice, "name", "Washers", "qty", "11");

        SaveOutcome first = records.save(request, alice);
        SaveOutcome second = records.save(request, alice);

        assertThat(first).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(second).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("13");
        assertThat(records.get(v1.id()).version()).isEqualTo(3);
    }

    @Test
    void a_resolved_merge_page_sent_twice_is_saved_once() {
        StoredRecord v1 = create("Screws", "10");
        records.save(request(v1, bob, "name", "Screws (Bob)", "qty", "10"), bob);
        SaveOutcome conflict = records.save(request(v1, alice, "name", "Screws (Alice)", "qty", "10"), alice);
        assertThat(conflict).isInstanceOf(SaveOutcome.Conflict.class);
        // The merge page posts the version it merged with (2), its original (1) and the values chosen.
        StoredRecord v2 = records.get(v1.id());
        SaveRequest resolved = new SaveRequest(v1.id(), 2, records.versionToken(v1.id(), 2, 1, alice),
                form("name", "Screws (both)", "qty", "15"), null, 1, null).withIdempotencyKey("merge-page-1");

        SaveOutcome first = records.save(resolved, alice);
        SaveOutcome second = records.save(resolved, alice);

        assertThat(first).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(second).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).containsEntry("name", "Screws (both)").containsEntry("qty", "15");
        assertThat(records.get(v1.id()).version()).isEqualTo(v2.version() + 1);
    }

    @Test
    void two_different_saves_from_the_same_version_by_one_author_both_land() {
        StoredRecord v1 = create("Hinges", "10");

        records.save(request(v1, alice, "name", "Hinges", "qty", "11"), alice);
        SaveOutcome other = records.save(request(v1, alice, "name", "Hinges", "qty", "10", "notes", "from the other tab\n"),
                alice);

        assertThat(other).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).containsEntry("qty", "11").containsEntry("notes", "from the other tab\n");
    }

    @Test
    void the_same_values_sent_under_another_key_by_the_same_author_count_again() {
        StoredRecord v1 = create("Pins", "10");

        records.save(request(v1, alice, "name", "Pins", "qty", "11"), alice);
        SaveOutcome again = records.save(request(v1, alice, "name", "Pins", "qty", "11"), alice);

        assertThat(again).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("12");
    }

    @Test
    void a_save_sent_again_without_merging_is_answered_as_saved_not_stale() {
        StoredRecord v1 = create("Clips", "10");
        SaveRequest request = SaveRequest.asOf(v1.id(), 1, form("name", "Clips", "qty", "9"), null,
                SaveRequest.OnStale.REFUSE).withIdempotencyKey("script-retry-1");

        SaveOutcome first = records.saveAsOf(request, alice);
        SaveOutcome second = records.saveAsOf(request, alice);

        assertThat(first).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(second).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(((SaveOutcome.Saved) second).record().version()).isEqualTo(2);
        // Another request from version 1 is stale as ever.
        assertThat(records.saveAsOf(SaveRequest.asOf(v1.id(), 1, form("name", "Clips", "qty", "8"), null,
                SaveRequest.OnStale.REFUSE).withIdempotencyKey("script-retry-2"), alice))
                .isInstanceOf(SaveOutcome.Stale.class);
    }

    @Test
    void a_save_sent_again_after_someone_else_saved_is_answered_with_the_version_it_made() {
        StoredRecord v1 = create("Brackets", "10");
        SaveRequest request = request(v1, alice, "name", "Brackets", "qty", "11");
        records.save(request, alice);
        records.save(request(records.get(v1.id()), bob, "name", "Brackets (Bob)", "qty", "11"), bob);

        SaveOutcome again = records.save(request, alice);

        assertThat(again).isInstanceOf(SaveOutcome.Saved.class);
        StoredRecord answered = ((SaveOutcome.Saved) again).record();
        assertThat(answered.version()).as("the version this request wrote, not Bob's").isEqualTo(2);
        assertThat(answered.data()).containsEntry("name", "Brackets").containsEntry("qty", "11");
        assertThat(answered.updatedBy()).isEqualTo("Alice");
        assertThat(records.get(v1.id()).version()).isEqualTo(3);
    }

    @Test
    void a_save_sent_again_without_merging_after_someone_else_saved_is_answered_with_the_version_it_made() {
        StoredRecord v1 = create("Staples", "10");
        SaveRequest request = SaveRequest.asOf(v1.id(), 1, form("name", "Staples", "qty", "9"), null,
                SaveRequest.OnStale.REFUSE).withIdempotencyKey("script-retry-3");
        records.saveAsOf(request, alice);
        records.save(request(records.get(v1.id()), bob, "name", "Staples (Bob)", "qty", "9"), bob);

        SaveOutcome again = records.saveAsOf(request, alice);

        assertThat(again).isInstanceOf(SaveOutcome.Saved.class);
        StoredRecord answered = ((SaveOutcome.Saved) again).record();
        assertThat(answered.version()).isEqualTo(2);
        assertThat(answered.data()).containsEntry("name", "Staples").containsEntry("qty", "9");
    }

    @Test
    void a_form_sent_again_with_other_values_under_its_key_is_another_change() {
        StoredRecord v1 = create("Tacks", "10");
        SaveRequest first = request(v1, alice, "name", "Tacks", "qty", "11");
        records.save(first, alice);

        // The page the Back button shows, edited and saved once more: the same key, other values.
        SaveOutcome again = records.save(new SaveRequest(v1.id(), 1, first.token(), form("name", "Tacks, brass", "qty", "11"),
                null, null, null).withIdempotencyKey(first.idempotencyKey()), alice);

        assertThat(again).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).containsEntry("name", "Tacks, brass").containsEntry("qty", "12");
        assertThat(records.get(v1.id()).version()).isEqualTo(3);
    }

    @Test
    void the_same_values_sent_by_another_author_are_merged_as_their_own_change() {
        StoredRecord v1 = create("Rivets", "10");

        records.save(request(v1, alice, "name", "Rivets", "qty", "11"), alice);
        SaveOutcome bobs = records.save(request(v1, bob, "name", "Rivets", "qty", "11"), bob);

        assertThat(bobs).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("12");
    }

    private static StoredRecord create(String name, String qty) {
        CreateOutcome outcome = records.create(stock, form("name", name, "qty", qty), null, null, alice);
        return ((CreateOutcome.Created) outcome).record();
    }

    private static SaveRequest request(StoredRecord from, User user, String... pairs) {
        return new SaveRequest(from.id(), from.version(), records.versionToken(from, user), form(pairs), null, null, null)
                .withIdempotencyKey(UUID.randomUUID().toString());
    }

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }
}
