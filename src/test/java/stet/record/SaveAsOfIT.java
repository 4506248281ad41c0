package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
import stet.support.BreakableConnections;
import stet.support.Invariants;
import stet.support.TestPostgres;

/**
 * Saves and deletes as of a version the author names, without a form token (the API's
 * If-Match): refused when stale unless merging was asked for, also when the record goes
 * stale between the check and the write; and merged like a form's save when it was.
 */
@ExtendWith(TestPostgres.class)
class SaveAsOfIT {

    static Database db;
    static BreakableConnections breakable;
    static RecordService records;
    static Components parts;
    static User alice;
    static User bob;
    static User admin;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        breakable = new BreakableConnections();
        parts = Components.build(db.wrapped(breakable::wrap));
        records = parts.records();
        parts.users().create("alice", "Alice", "editor", "alice-password");
        parts.users().create("bob", "Bob", "editor", "bob-password");
        parts.users().create("root", "Root", "admin", "root-password");
        alice = parts.users().authenticate("alice", "alice-password").orElseThrow();
        bob = parts.users().authenticate("bob", "bob-password").orElseThrow();
        admin = parts.users().authenticate("root", "root-password").orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Collection bins(String slug, boolean confirmMerges) {
        return parts.collections().create(slug, "Bins", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("code", "Code", FieldType.TEXT, false, false, null, null, false, List.of())),
                confirmMerges, admin);
    }

    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }

    static StoredRecord create(Collection collection) {
        return ((CreateOutcome.Created) records.create(collection, form("name", "Shelf", "code", "S-1"), null, null,
                alice)).record();
    }

    static SaveOutcome saveAsOf(long id, int version, SaveRequest.OnStale onStale, User user, String... pairs) {
        return records.saveAsOf(SaveRequest.asOf(id, version, form(pairs), null, onStale), user);
    }

    @Test
    void a_save_from_the_current_version_is_saved_without_any_token() {
        StoredRecord record = create(bins("asof-a", false));

        SaveOutcome outcome = saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, alice, "name", "Shelf A", "code", "S-1");

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(record.id()).data()).isEqualTo(Map.of("name", "Shelf A", "code", "S-1"));
    }

    @Test
    void a_stale_save_that_refuses_to_merge_saves_nothing_and_names_the_current_version() {
        StoredRecord record = create(bins("asof-b", false));
        saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, bob, "name", "Shelf", "code", "S-2");

        SaveOutcome outcome = saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, alice, "name", "Shelf A", "code", "S-1");

        assertThat(outcome).isInstanceOf(SaveOutcome.Stale.class);
        SaveOutcome.Stale stale = (SaveOutcome.Stale) outcome;
        assertThat(stale.current().version()).isEqualTo(2);
        assertThat(stale.baseVersion()).isEqualTo(1);
        assertThat(records.get(record.id()).data()).isEqualTo(Map.of("name", "Shelf", "code", "S-2"));
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(2);
    }

    @Test
    void a_save_that_goes_stale_between_the_check_and_the_write_is_refused_never_merged() {
        StoredRecord record = create(bins("asof-c", false));
        // Bob saves as Alice's write transaction begins: after her version check, before her UPDATE.
        breakable.onNextBegin(() -> saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, bob, "name", "Shelf",
                "code", "S-2"));

        SaveOutcome outcome = saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, alice, "name", "Shelf A", "code", "S-1");

        assertThat(outcome).isInstanceOf(SaveOutcome.Stale.class);
        assertThat(((SaveOutcome.Stale) outcome).current().version()).isEqualTo(2);
        StoredRecord now = records.get(record.id());
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.data()).isEqualTo(Map.of("name", "Shelf", "code", "S-2"));
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void a_save_that_asked_for_the_merge_is_merged_even_where_the_collection_asks_for_confirmation() {
        StoredRecord record = create(bins("asof-d", true));
        saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, bob, "name", "Shelf", "code", "S-2");

        SaveOutcome outcome = saveAsOf(record.id(), 1, SaveRequest.OnStale.MERGE_CONFIRMED, alice, "name", "Shelf A",
                "code", "S-1");

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        SaveOutcome.Saved saved = (SaveOutcome.Saved) outcome;
        assertThat(saved.merge()).isNotNull();
        assertThat(saved.merge().baseVersion()).isEqualTo(1);
        assertThat(saved.record().data()).isEqualTo(Map.of("name", "Shelf A", "code", "S-2"));
        // The form's own merge still waits for the confirmation the collection asks for.
        SaveOutcome form = saveAsOf(record.id(), 2, SaveRequest.OnStale.MERGE, bob, "name", "Shelf", "code", "S-9");
        assertThat(form).isInstanceOf(SaveOutcome.Conflict.class);
        assertThat(((SaveOutcome.Conflict) form).confirmOnly()).isTrue();
    }

    @Test
    void a_version_the_record_never_had_is_stale_and_never_merged() {
        StoredRecord record = create(bins("asof-e", false));

        SaveOutcome outcome = saveAsOf(record.id(), 7, SaveRequest.OnStale.MERGE_CONFIRMED, alice, "name", "Shelf A");

        assertThat(outcome).isInstanceOf(SaveOutcome.Stale.class);
        assertThat(records.get(record.id()).version()).isEqualTo(1);
    }

    @Test
    void a_delete_as_of_a_version_deletes_only_that_version() {
        StoredRecord record = create(bins("asof-f", false));
        saveAsOf(record.id(), 1, SaveRequest.OnStale.REFUSE, bob, "name", "Shelf", "code", "S-2");

        assertThat(records.deleteAsOf(record.id(), 1, null, alice)).isInstanceOf(DeleteOutcome.Stale.class);
        assertThat(records.get(record.id()).deleted()).isFalse();
        assertThat(records.deleteAsOf(record.id(), 2, null, alice)).isInstanceOf(DeleteOutcome.Deleted.class);
        assertThat(records.get(record.id()).deleted()).isTrue();
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }

    @Test
    void the_same_delete_sent_again_is_done_already_and_any_other_delete_of_that_version_is_stale() {
        StoredRecord record = create(bins("asof-g", false));
        assertThat(records.deleteAsOf(record.id(), 1, "sold out", alice)).isInstanceOf(DeleteOutcome.Deleted.class);

        DeleteOutcome again = records.deleteAsOf(record.id(), 1, "sold out", alice);

        assertThat(again).isInstanceOf(DeleteOutcome.Repeated.class);
        assertThat(((DeleteOutcome.Repeated) again).deletedVersion()).isEqualTo(2);
        assertThat(records.deleteAsOf(record.id(), 1, "sold out", bob)).isInstanceOf(DeleteOutcome.Stale.class);
        assertThat(records.deleteAsOf(record.id(), 1, "another comment", alice)).isInstanceOf(DeleteOutcome.Stale.class);
        assertThat(records.deleteAsOf(record.id(), 2, "sold out", alice)).isInstanceOf(DeleteOutcome.Stale.class);
        assertThat(Invariants.revisionCount(db.dsl(), record.id())).isEqualTo(2);
    }

    @Test
    void the_same_delete_landing_between_the_check_and_the_write_is_done_already_not_stale() {
        StoredRecord record = create(bins("asof-h", false));
        // The same delete, sent twice at once: the other one lands as this one's write transaction
        // begins, after its version check, before its UPDATE.
        breakable.onNextBegin(() -> assertThat(records.deleteAsOf(record.id(), 1, null, alice))
                .isInstanceOf(DeleteOutcome.Deleted.class));

        DeleteOutcome outcome = records.deleteAsOf(record.id(), 1, null, alice);

        assertThat(outcome).isInstanceOf(DeleteOutcome.Repeated.class);
        assertThat(records.get(record.id()).version()).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), record.id());
    }
}
