package stet.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.CreateOutcome;
import stet.support.LongTexts;
import stet.support.TestPostgres;

/** The collection store turns the database's unique-constraint refusals into stet's own exceptions. */
@ExtendWith(TestPostgres.class)
class CollectionStoreIT {

    static Database db;
    static Components parts;
    static CollectionStore store;
    static User admin;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        parts = Components.build(db);
        store = new CollectionStore(db.dsl());
        parts.users().create("root", "Root", "admin", "root-password");
        admin = parts.users().authenticate("root", "root-password").orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static FieldDef text(String key, boolean unique) {
        return new FieldDef(key, key, FieldType.TEXT, false, unique, null, null, false, List.of());
    }

    @Test
    void inserting_a_taken_slug_is_a_slug_taken_exception_and_writes_nothing() {
        parts.collections().create("bins", "Bins", List.of(text("code", false)), false, admin);

        assertThatThrownBy(() -> db.transaction(tx -> store.insert(tx, "bins", "Other bins", List.of(), false, Leasing.DEFAULT, admin.id())))
                .isInstanceOf(SlugTakenException.class);
        assertThat(store.all()).filteredOn(c -> c.slug().equals("bins")).extracting(Collection::name)
                .containsExactly("Bins");
    }

    @Test
    void indexing_a_value_that_records_share_is_a_shared_values_exception() {
        Collection shelves = parts.collections().create("shelves", "Shelves", List.of(text("code", false)), false, admin);
        for (int i = 0; i < 2; i++) {
            assertThat(parts.records().create(shelves, Map.of("code", List.of("A1")), null, null, admin))
                    .isInstanceOf(CreateOutcome.Created.class);
        }

        assertThatThrownBy(() -> db.transaction(tx -> {
            store.indexUniqueValues(tx, shelves.id(), "code");
            return null;
        })).isInstanceOf(SharedValuesException.class);
        assertThat(store.firstDuplicate(shelves.id(), "code")).contains("A1");
    }

    @Test
    void making_a_field_unique_while_records_hold_values_longer_than_an_index_entry_indexes_them() {
        Collection labels = parts.collections().create("labels", "Labels", List.of(text("code", false)), false, admin);
        // 1,000 characters, as many as a text field allows, but 4,000 bytes of UTF-8.
        String code = LongTexts.astral(3, 1000);
        for (String value : List.of(code, LongTexts.astral(4, 1000))) {
            assertThat(parts.records().create(labels, Map.of("code", List.of(value)), null, null, admin))
                    .isInstanceOf(CreateOutcome.Created.class);
        }

        CollectionService.Outcome outcome = parts.collections().update("labels", labels.version(),
                parts.collections().versionToken(labels.id(), labels.version(), admin),
                CollectionForm.of("Labels", "labels", false, List.of(text("code", true)), 0), admin);

        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
        Collection unique = ((CollectionService.Outcome.Saved) outcome).collection();
        assertThat(parts.records().create(unique, Map.of("code", List.of(code)), null, null, admin))
                .isInstanceOf(CreateOutcome.Invalid.class);
    }

    @Test
    void long_values_that_records_share_are_a_shared_values_exception() {
        Collection tags = parts.collections().create("tags", "Tags", List.of(text("code", false)), false, admin);
        String code = LongTexts.ideographs(5, 1000);
        for (int i = 0; i < 2; i++) {
            assertThat(parts.records().create(tags, Map.of("code", List.of(code)), null, null, admin))
                    .isInstanceOf(CreateOutcome.Created.class);
        }

        assertThatThrownBy(() -> db.transaction(tx -> {
            store.indexUniqueValues(tx, tags.id(), "code");
            return null;
        })).isInstanceOf(SharedValuesException.class);
    }
}
