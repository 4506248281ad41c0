package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.error.BadRequestException;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Invariants;
import stet.support.LongTexts;
import stet.support.TestPostgres;

@ExtendWith(TestPostgres.class)
class RecordServiceIT {

    static Database db;
    static RecordService records;
    static User alice;
    static User bob;
    static Collection parts;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        Components c = Components.build(db);
        records = c.records();
        c.users().create("alice", "Alice", "editor", "alice-password");
        c.users().create("bob", "Bob", "editor", "bob-password");
        alice = c.users().authenticate("alice", "alice-password").orElseThrow();
        bob = c.users().authenticate("bob", "bob-password").orElseThrow();
        parts = c.collections().create("parts", "Parts", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, "0", null, true, List.of())),
                false, alice);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }

    StoredRecord create(String name, String sku) {
        var outcome = records.create(parts, form("name", name, "sku", sku, "qty", "1"), null, null, alice);
        assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
        return ((CreateOutcome.Created) outcome).record();
    }

    static SaveOutcome save(long id, int version, String token, Map<String, List<String>> form,
            String comment, User user) {
        return records.save(new SaveRequest(id, version, token, form, comment, null, null), user);
    }

    String token(StoredRecord record, User user) {
        return records.versionToken(record, user);
    }

    @Test
    void create_writes_version_one_and_its_revision() {
        StoredRecord record = create("Bolt", "B-1");

        assertThat(record.version()).isEqualTo(1);
        assertThat(record.data()).containsEntry("name", "Bolt").containsEntry("sku", "B-1").containsEntry("qty", "1");
        Revision first = records.revision(record.id(), 1);
        assertThat(first.kind()).isEqualTo(Revision.Kind.CREATE);
        assertThat(first.authorId()).isEqualTo(alice.id());
        assertThat(first.baseVersion()).isNull();
        assertThat(first.data()).isEqualTo(record.data());
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void save_writes_new_version_and_revision_with_changed_fields_base_and_comment() {
        StoredRecord record = create("Nut", "N-1");

        var outcome = save(record.id(), 1, token(record, bob),
                form("name", "Nut M6", "sku", "N-1", "qty", "1"), "renamed", bob);

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        StoredRecord saved = ((SaveOutcome.Saved) outcome).record();
        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.value("name")).isEqualTo("Nut M6");
        assertThat(saved.updatedBy()).isEqualTo("Bob");
        Revision latest = records.revision(record.id(), 2);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.kind()).isEqualTo(Revision.Kind.UPDATE);
        assertThat(latest.baseVersion()).isEqualTo(1);
        assertThat(latest.comment()).isEqualTo("renamed");
        assertThat(latest.changedFields()).containsExactly("name");
        assertThat(latest.data()).isEqualTo(saved.data());
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void save_without_changes_writes_nothing() {
        StoredRecord record = create("Washer", "W-1");

        var outcome = save(record.id(), 1, token(record, alice), form("name", "Washer", "sku", "W-1", "qty", "1"), null, alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Unchanged.class);
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(1);
    }

    @Test
    void stale_save_that_conflicts_changes_nothing_and_keeps_the_users_input() {
        StoredRecord record = create("Gear", "G-1");
        String aliceToken = token(record, alice);
        save(record.id(), 1, token(record, bob), form("name", "Gear (Bob)", "sku", "G-1", "qty", "1"), null, bob);

        var outcome = save(record.id(), 1, aliceToken, form("name", "Gear (Alice)", "sku", "G-1", "qty", "7"), "mine", alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Conflict.class);
        var stale = (SaveOutcome.Conflict) outcome;
        assertThat(stale.original().version()).isEqualTo(1);
        assertThat(stale.theirs().version()).isEqualTo(2);
        assertThat(stale.theirs().value("name")).isEqualTo("Gear (Bob)");
        assertThat(stale.yours()).containsEntry("name", "Gear (Alice)").containsEntry("qty", "7");
        assertThat(stale.comment()).isEqualTo("mine");
        assertThat(stale.merge().conflicts()).extracting(f -> f.key()).containsExactly("name");
        assertThat(records.get(record.id()).value("name")).isEqualTo("Gear (Bob)");
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(2);
    }

    @Test
    void forged_or_missing_token_is_refused_and_changes_nothing() {
        StoredRecord record = create("Spring", "S-1");

        assertThatThrownBy(() -> save(record.id(), 1, "forged", form("name", "x", "qty", "1"), null, alice))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> save(record.id(), 1, null, form("name", "x", "qty", "1"), null, alice))
                .isInstanceOf(BadRequestException.class);
        // A token is bound to its user: Bob cannot replay Alice's form.
        assertThatThrownBy(() -> save(record.id(), 1, token(record, alice), form("name", "x", "qty", "1"), null, bob))
                .isInstanceOf(BadRequestException.class);
        // ... and to its version: a token for version 1 does not vouch for version 0 or 2.
        String v1 = token(record, alice);
        assertThatThrownBy(() -> save(record.id(), 2, v1, form("name", "x", "qty", "1"), null, alice))
                .isInstanceOf(BadRequestException.class);
        assertThat(records.get(record.id()).value("name")).isEqualTo("Spring");
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(1);
    }

    @Test
    void invalid_values_are_reported_per_field_and_change_nothing() {
        StoredRecord record = create("Pin", "P-1");

        var outcome = save(record.id(), 1, token(record, alice), form("name", "", "sku", "P-1", "qty", "-2"), null, alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
        var invalid = (SaveOutcome.Invalid) outcome;
        assertThat(invalid.validation().errors()).containsEntry("name", "Required.").containsEntry("qty", "Must be at least 0.");
        assertThat(invalid.validation().input()).containsEntry("qty", "-2");
        assertThat(records.get(record.id()).version()).isEqualTo(1);
    }

    @Test
    void sixteen_concurrent_saves_from_the_same_version_accept_exactly_one() throws Exception {
        StoredRecord record = create("Shaft", "SH-1");
        String token = token(record, alice);
        int writers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<SaveOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String name = "Shaft by writer " + i;
            Callable<SaveOutcome> save = () -> {
                start.await();
                return save(record.id(), 1, token, form("name", name, "sku", "SH-1", "qty", "1"), null, alice);
            };
            futures.add(pool.submit(save));
        }
        start.countDown();
        List<SaveOutcome> outcomes = new ArrayList<>();
        for (Future<SaveOutcome> f : futures) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        Map<Class<?>, Long> counts = outcomes.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        assertThat(counts).containsEntry(SaveOutcome.Saved.class, 1L)
                .containsEntry(SaveOutcome.Conflict.class, 15L)
                .hasSize(2);
        StoredRecord winner = outcomes.stream()
                .filter(o -> o instanceof SaveOutcome.Saved)
                .map(o -> ((SaveOutcome.Saved) o).record())
                .findFirst().orElseThrow();
        StoredRecord now = records.get(record.id());
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.value("name")).isEqualTo(winner.value("name"));
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void concurrent_creates_of_the_same_unique_value_make_one_record() throws Exception {
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<CreateOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String name = "Racer " + i;
            User author = i % 2 == 0 ? alice : bob;
            futures.add(pool.submit(() -> {
                start.await();
                return records.create(parts, form("name", name, "sku", "RACE-1", "qty", "1"), null, null, author);
            }));
        }
        start.countDown();
        List<CreateOutcome> outcomes = new ArrayList<>();
        for (var f : futures) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.Created).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.Invalid).hasSize(writers - 1)
                .allSatisfy(o -> assertThat(((CreateOutcome.Invalid) o).validation().errors())
                        .containsEntry("sku", "'RACE-1' is already taken."));
        int withSku = db.dsl().fetchCount(RECORD, RECORD.COLLECTION_ID.eq(parts.id())
                .and(org.jooq.impl.DSL.field("{0} ->> 'sku'", String.class, RECORD.DATA).eq("RACE-1")));
        assertThat(withSku).isEqualTo(1);
    }

    @Test
    void saving_a_taken_unique_value_is_refused_with_a_message() {
        create("Left", "TAKEN-1");
        StoredRecord right = create("Right", "FREE-1");

        var outcome = save(right.id(), 1, token(right, alice), form("name", "Right", "sku", "TAKEN-1", "qty", "1"), null, alice);

        assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
        assertThat(((SaveOutcome.Invalid) outcome).validation().errors())
                .containsEntry("sku", "'TAKEN-1' is already taken.");
        assertThat(records.get(right.id()).value("sku")).isEqualTo("FREE-1");
        assertThat(Invariants.revisionCount(db.dsl(), right.id())).isEqualTo(1);
    }

    @Test
    void a_unique_value_longer_than_an_index_entry_is_saved_and_taken_like_any_other() {
        // 1,000 characters, as many as a text field allows, but 3,000 and 4,000 bytes of UTF-8.
        String sku = LongTexts.ideographs(1, 1000);
        StoredRecord first = create("Long", sku);
        StoredRecord other = create("Almost", sku.substring(0, 999) + "x");

        var again = records.create(parts, form("name", "Again", "sku", sku, "qty", "1"), null, null, alice);
        var taking = save(other.id(), 1, token(other, alice), form("name", "Almost", "sku", sku, "qty", "1"), null, alice);
        String longer = LongTexts.astral(2, 1000);
        var changed = save(first.id(), 1, token(first, alice), form("name", "Long", "sku", longer, "qty", "1"), null, alice);

        assertThat(again).isInstanceOfSatisfying(CreateOutcome.Invalid.class, invalid ->
                assertThat(invalid.validation().errors()).containsEntry("sku", "'" + sku + "' is already taken."));
        assertThat(taking).isInstanceOfSatisfying(SaveOutcome.Invalid.class, invalid ->
                assertThat(invalid.validation().errors()).containsEntry("sku", "'" + sku + "' is already taken."));
        assertThat(changed).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(first.id()).value("sku")).isEqualTo(longer);
        assertThat(create("Freed", sku).value("sku")).as("the value the first record let go").isEqualTo(sku);
        Invariants.assertHistoryConsistent(db.dsl(), first.id());
    }

    @Test
    void a_double_submitted_create_makes_one_record() throws Exception {
        String key = "double-click-key";
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CreateOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return records.create(parts, form("name", "Clicked twice", "sku", "DBL-1", "qty", "1"), key, null, alice);
            }));
        }
        start.countDown();
        var first = (CreateOutcome.Created) futures.get(0).get();
        var second = (CreateOutcome.Created) futures.get(1).get();
        pool.shutdown();

        assertThat(first.record().id()).isEqualTo(second.record().id());
        assertThat(List.of(first.replayed(), second.replayed())).containsExactlyInAnyOrder(true, false);
        // A later retry with the same key still finds the same record.
        var retry = (CreateOutcome.Created)
                records.create(parts, form("name", "Clicked twice", "sku", "DBL-1", "qty", "1"), key, null, alice);
        assertThat(retry.record().id()).isEqualTo(first.record().id());
        assertThat(retry.replayed()).isTrue();
    }

    @Test
    void delete_is_version_checked_and_keeps_history() {
        StoredRecord record = create("Cam", "CAM-1");
        String oldToken = token(record, alice);
        save(record.id(), 1, token(record, bob), form("name", "Cam v2", "sku", "CAM-1", "qty", "1"), null, bob);

        var stale = records.delete(record.id(), 1, oldToken, null, alice);
        assertThat(stale).isInstanceOf(DeleteOutcome.Stale.class);
        assertThat(records.get(record.id()).deleted()).isFalse();

        StoredRecord current = records.get(record.id());
        var deleted = records.delete(record.id(), 2, token(current, alice), "obsolete", alice);
        assertThat(deleted).isInstanceOf(DeleteOutcome.Deleted.class);
        StoredRecord after = records.get(record.id());
        assertThat(after.deleted()).isTrue();
        assertThat(after.version()).isEqualTo(3);
        Revision last = records.revision(record.id(), 3);
        assertThat(last.kind()).isEqualTo(Revision.Kind.DELETE);
        assertThat(last.data()).containsEntry("name", "Cam v2");
        Invariants.assertHistoryConsistent(db.dsl(), record.id());

        // Its unique value is free again, and saving the deleted record is stale.
        create("Cam again", "CAM-1");
        var save = save(record.id(), 2, token(current, alice), form("name", "x", "qty", "1"), null, alice);
        assertThat(save).isInstanceOf(SaveOutcome.Deleted.class);
    }

    @Test
    void revision_primary_key_refuses_a_second_version_n() {
        StoredRecord record = create("Key", "KEY-1");
        Revision duplicate = new Revision(record.id(), 1, Revision.Kind.UPDATE, alice.id(), null, null, 0, null, null, List.of(), Map.of());

        assertThatThrownBy(() -> db.transaction(tx -> {
            new RecordStore(tx).insertRevision(tx, duplicate, null);
            return null;
        })).isInstanceOf(org.jooq.exception.DataAccessException.class);
        assertThat(db.dsl().fetchCount(REVISION, REVISION.RECORD_ID.eq(record.id()))).isEqualTo(1);
    }
}
