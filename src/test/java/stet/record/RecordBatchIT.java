package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.UNIQUE_VALUE;

import java.util.List;
import java.util.Map;
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
 * Several records written in one transaction ({@link RecordBatch}): each version-checked
 * as a single save is, each with exactly one revision; a record that moved on is left as
 * it is while the others are written; a unique value taken undoes only its own record.
 */
@ExtendWith(TestPostgres.class)
class RecordBatchIT {

    static Database db;
    static RecordService records;
    static User alice;
    static Collection things;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        Components c = Components.build(db);
        records = c.records();
        c.users().create("alice", "Alice", "editor", "alice-password");
        alice = c.users().authenticate("alice", "alice-password").orElseThrow();
        things = c.collections().create("things", "Things", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("code", "Code", FieldType.TEXT, false, true, null, null, false, List.of())),
                false, alice);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void update_all_writes_each_record_still_at_its_version_and_leaves_one_that_moved_on() {
        StoredRecord a = create("A", "a-1");
        StoredRecord b = create("B", "b-1");
        StoredRecord moved = create("Moved", "m-1");
        StoredRecord movedSince = records.batch(batch -> batch.update(things, change(moved, "Moved on"), alice, null));

        Map<Long, StoredRecord> saved = records.batch(batch -> batch.updateAll(things,
                List.of(change(a, "A2"), change(b, "B2"), new RecordBatch.Change(moved, Revision.Kind.IMPORT, 1, null,
                        Map.of("name", "Stale write", "code", "m-1"), null, null)), Revision.Kind.IMPORT, "batch",
                alice, null));

        assertThat(saved).containsOnlyKeys(a.id(), b.id());
        assertThat(records.get(a.id()).value("name")).isEqualTo("A2");
        assertThat(records.get(a.id()).version()).isEqualTo(2);
        assertThat(records.revision(a.id(), 2).kind()).isEqualTo(Revision.Kind.IMPORT);
        assertThat(records.revision(a.id(), 2).changedFields()).containsExactly("name");
        assertThat(records.get(moved.id()).value("name")).isEqualTo("Moved on");
        assertThat(records.get(moved.id()).version()).isEqualTo(movedSince.version());
        for (long id : List.of(a.id(), b.id(), moved.id())) {
            Invariants.assertHistoryConsistent(db.dsl(), id);
        }
    }

    @Test
    void update_all_refuses_a_change_of_a_unique_value() {
        StoredRecord a = create("A", "u-1");

        assertThatThrownBy(() -> records.batch(batch -> batch.updateAll(things,
                List.of(new RecordBatch.Change(a, Revision.Kind.IMPORT, 1, null, Map.of("name", "A", "code", "u-2"), null, null)),
                Revision.Kind.IMPORT, null, alice, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(records.get(a.id()).version()).isEqualTo(1);
    }

    @Test
    void a_taken_unique_value_undoes_only_its_own_record_in_the_batch() {
        create("Holder", "taken-1");
        long before = db.dsl().fetchCount(RECORD);

        List<Object> outcomes = records.batch(batch -> {
            StoredRecord first = batch.create(things, Map.of("name", "First", "code", "free-1"), null, alice, null);
            Object second;
            try {
                second = batch.create(things, Map.of("name", "Second", "code", "taken-1"), null, alice, null);
            } catch (UniqueValueTakenException e) {
                second = e.fieldKey();
            }
            return List.of(first, second);
        });

        assertThat(outcomes.get(1)).isEqualTo("code");
        assertThat(db.dsl().fetchCount(RECORD)).isEqualTo(before + 1);
        assertThat(db.dsl().fetchCount(UNIQUE_VALUE, UNIQUE_VALUE.VALUE.eq("taken-1"))).isEqualTo(1);
        Invariants.assertHistoryConsistent(db.dsl(), ((StoredRecord) outcomes.get(0)).id());
    }

    private static RecordBatch.Change change(StoredRecord record, String name) {
        StoredRecord current = records.get(record.id());
        return new RecordBatch.Change(current, Revision.Kind.IMPORT, current.version(), null,
                Map.of("name", name, "code", current.value("code")), null, null);
    }

    private static StoredRecord create(String name, String code) {
        return ((CreateOutcome.Created) records.create(things, Map.of("name", List.of(name), "code", List.of(code)), null,
                null, alice)).record();
    }
}
