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
import stet.merge.FieldMerge;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Invariants;
import stet.support.TestPostgres;

/**
 * What a merge, a revert or an undo writes obeys the fields' rules as a form's save does:
 * a value combined from both sides (lines merged, a delta added up) that breaks its field's
 * rules is a conflict for the user to decide, never saved; a revert or undo to values
 * today's definition refuses is refused with the fields' messages, nothing written; a delta
 * sum is stored in the canonical form a typed number would be. And a value stored before
 * the rules changed (a choice since removed, a bound since tightened, a field since made
 * required) stays as it is when the user saves other fields, never blocking nor emptying it.
 */
@ExtendWith(TestPostgres.class)
class MergeRulesIT {

    static Database db;
    static Components parts;
    static RecordService records;
    static RevertService reverts;
    static User alice;
    static User bob;
    static User admin;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        parts = Components.build(db);
        records = parts.records();
        reverts = parts.reverts();
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

    @Test
    void lines_merged_past_a_longtext_maximum_are_a_conflict_and_nothing_is_written() {
        Collection notes = collection("notes-max", new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null,
                false, List.of()), new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, "40", false, List.of()));
        StoredRecord v1 = create(notes, "name", "Shelf", "notes", "one\ntwo\nthree\n");
        save(v1, bob, "name", "Shelf", "notes", "bob added sixteen\none\ntwo\nthree\n");

        SaveOutcome outcome = save(v1, alice, "name", "Shelf", "notes", "one\ntwo\nthree\nalice added sixteen\n");

        assertThat(outcome).isInstanceOf(SaveOutcome.Conflict.class);
        FieldMerge merge = ((SaveOutcome.Conflict) outcome).merge().field("notes").orElseThrow();
        assertThat(merge.isConflict()).isTrue();
        assertThat(merge.reason()).contains("At most 40 characters");
        assertThat(records.get(v1.id()).version()).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), v1.id());
    }

    @Test
    void lines_merged_below_a_longtext_minimum_are_a_conflict() {
        Collection notes = collection("notes-min", new FieldDef("body", "Body", FieldType.LONGTEXT, true, false, "10",
                null, false, List.of()));
        StoredRecord v1 = create(notes, "body", "first line\nmiddle\nlast line\n");
        save(v1, bob, "body", "middle\nlast line\n");

        SaveOutcome outcome = save(v1, alice, "body", "first line\nmiddle\n");

        assertThat(outcome).isInstanceOf(SaveOutcome.Conflict.class);
        assertThat(((SaveOutcome.Conflict) outcome).merge().field("body").orElseThrow().reason())
                .contains("At least 10 characters");
        assertThat(records.get(v1.id()).value("body")).isEqualTo("middle\nlast line\n");
    }

    @Test
    void a_delta_sum_too_large_for_a_whole_number_is_a_conflict() {
        Collection counts = collection("counts-huge", new FieldDef("qty", "Qty", FieldType.INTEGER, false, false, null, null,
                true, List.of()));
        StoredRecord v1 = create(counts, "qty", "0");
        save(v1, bob, "qty", "900000000000000000");

        SaveOutcome outcome = save(v1, alice, "qty", "900000000000000000");

        assertThat(outcome).isInstanceOf(SaveOutcome.Conflict.class);
        assertThat(((SaveOutcome.Conflict) outcome).merge().field("qty").orElseThrow().isConflict()).isTrue();
        assertThat(records.get(v1.id()).value("qty")).isEqualTo("900000000000000000");
    }

    @Test
    void a_delta_sum_of_decimals_is_stored_as_a_typed_number_would_be() {
        Collection prices = collection("prices-delta", new FieldDef("price", "Price", FieldType.NUMBER, false, false, null,
                null, true, List.of()));
        StoredRecord v1 = create(prices, "price", "1");
        save(v1, bob, "price", "1.1");

        SaveOutcome outcome = save(v1, alice, "price", "0.9");

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).value("price")).isEqualTo(FieldType.NUMBER.canonical("1.0")).isEqualTo("1");
    }

    @Test
    void a_revert_to_values_todays_rules_refuse_writes_nothing_and_names_the_fields() {
        Collection items = collection("items-revert", new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null,
                false, List.of()), new FieldDef("qty", "Qty", FieldType.INTEGER, false, false, null, null, false, List.of()));
        StoredRecord v1 = create(items, "name", "Lamp", "qty", "2");
        StoredRecord v2 = ((SaveOutcome.Saved) save(v1, bob, "name", "Lamp", "qty", "7")).record();
        Collection strict = redefine(items, new FieldDef("qty", "Qty", FieldType.INTEGER, false, false, "5", null, false,
                List.of()));

        SaveOutcome outcome = reverts.revert(v2.id(), 1, 2, records.versionToken(v2, admin), null, admin);

        assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
        assertThat(((SaveOutcome.Invalid) outcome).validation().errors()).containsOnlyKeys("qty");
        assertThat(records.get(v2.id()).version()).isEqualTo(2);
        assertThat(records.get(v2.id()).value("qty")).isEqualTo("7");
        assertThat(strict.version()).isGreaterThan(items.version());
    }

    @Test
    void an_undo_to_values_todays_rules_refuse_writes_nothing_and_names_the_fields() {
        Collection items = collection("items-undo", new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null,
                false, List.of()), new FieldDef("price", "Price", FieldType.NUMBER, false, false, null, null, false, List.of()));
        StoredRecord v1 = create(items, "name", "Desk");
        StoredRecord v2 = ((SaveOutcome.Saved) save(v1, bob, "name", "Desk", "price", "10")).record();
        redefine(items, new FieldDef("price", "Price", FieldType.NUMBER, true, false, null, null, false, List.of()));

        SaveOutcome outcome = reverts.undo(v2.id(), 2, 2, records.versionToken(v2, admin), null, admin);

        assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
        assertThat(((SaveOutcome.Invalid) outcome).validation().errors()).containsEntry("price", "Required.");
        assertThat(records.get(v2.id()).value("price")).isEqualTo("10");
    }

    @Test
    void a_yes_no_field_added_later_and_ticked_by_one_side_merges_without_a_conflict() {
        Collection boxes = collection("boxes-flag", new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null,
                false, List.of()));
        StoredRecord v1 = create(boxes, "name", "Box");
        redefine(boxes, new FieldDef("fragile", "Fragile", FieldType.BOOLEAN, false, false, null, null, false, List.of()));
        StoredRecord old = records.get(v1.id());
        save(old, bob, "name", "Box", "fragile", "true");

        // Alice's form, opened before Bob ticked it, posts the box unticked ("false") with her new name.
        SaveOutcome outcome = save(old, alice, "name", "Box 2", "fragile", "false");

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).containsEntry("name", "Box 2").containsEntry("fragile", "true");
    }

    @Test
    void a_revert_leaves_a_removed_fields_value_as_the_record_has_it_and_its_preview_says_the_same() {
        Collection items = collection("items-removed", new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null,
                false, List.of()), new FieldDef("notes", "Notes", FieldType.TEXT, false, false, null, null, false, List.of()));
        StoredRecord v1 = create(items, "name", "Lamp", "notes", "old");
        save(v1, bob, "name", "Lamp 2", "notes", "new");
        Collection without = parts.collections().get(items.slug());
        update(without, without.fields().stream().filter(f -> !f.key().equals("notes")).toList());
        StoredRecord v2 = records.get(v1.id());

        Map<String, String> previewed = reverts.revertedValues(v2, records.revision(v2.id(), 1));
        SaveOutcome outcome = reverts.revert(v2.id(), 1, 2, records.versionToken(v2, admin), null, admin);

        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).isEqualTo(Map.of("name", "Lamp", "notes", "new")).isEqualTo(previewed);
    }

    @Test
    void values_todays_rules_refuse_stay_as_they_are_while_other_fields_are_saved() {
        Collection tasks = collection("tasks-legacy", new FieldDef("title", "Title", FieldType.TEXT, true, false, null, null,
                false, List.of()), new FieldDef("status", "Status", FieldType.CHOICE, false, false, null, null, false,
                List.of("open", "archived")), new FieldDef("hours", "Hours", FieldType.INTEGER, false, false, null, null,
                false, List.of()), new FieldDef("owner", "Owner", FieldType.TEXT, false, false, null, null, false, List.of()));
        StoredRecord v1 = create(tasks, "title", "Plan", "status", "archived", "hours", "2");
        Collection strict = redefine(tasks, new FieldDef("status", "Status", FieldType.CHOICE, false, false, null, null,
                false, List.of("open", "done")));
        strict = redefine(strict, new FieldDef("hours", "Hours", FieldType.INTEGER, false, false, "5", null, false,
                List.of()));
        redefine(strict, new FieldDef("owner", "Owner", FieldType.TEXT, true, false, null, null, false, List.of()));
        StoredRecord current = records.get(v1.id());

        // The form posts the stored values back untouched, with a new title.
        SaveOutcome saved = save(current, alice, "title", "Plan B", "status", "archived", "hours", "2", "owner", "");

        assertThat(saved).isInstanceOf(SaveOutcome.Saved.class);
        assertThat(records.get(v1.id()).data()).isEqualTo(Map.of("title", "Plan B", "status", "archived", "hours", "2"));
        // A value changed is checked against today's rules.
        SaveOutcome changed = save(records.get(v1.id()), alice, "title", "Plan B", "status", "archived", "hours", "3",
                "owner", "");
        assertThat(changed).isInstanceOf(SaveOutcome.Invalid.class);
        assertThat(((SaveOutcome.Invalid) changed).validation().errors()).containsOnlyKeys("hours");
    }

    private static Collection collection(String slug, FieldDef... fields) {
        return parts.collections().create(slug, slug, List.of(fields), false, admin);
    }

    /** The collection with {@code field} added, or put in place of the field of its key. */
    private static Collection redefine(Collection collection, FieldDef field) {
        Collection current = parts.collections().get(collection.slug());
        List<FieldDef> fields = new java.util.ArrayList<>(current.fields().stream()
                .map(f -> f.key().equals(field.key()) ? field : f).toList());
        if (fields.stream().noneMatch(f -> f.key().equals(field.key()))) {
            fields.add(field);
        }
        return update(current, fields);
    }

    private static Collection update(Collection current, List<FieldDef> fields) {
        CollectionForm form = CollectionForm.of(current.name(), current.slug(), false, fields, 0);
        CollectionService.Outcome outcome = parts.collections().update(current.slug(), current.version(),
                parts.collections().versionToken(current.id(), current.version(), admin), form, admin);
        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
        return parts.collections().get(current.slug());
    }

    private static StoredRecord create(Collection collection, String... pairs) {
        CreateOutcome outcome = records.create(collection, form(pairs), null, null, alice);
        return ((CreateOutcome.Created) outcome).record();
    }

    private static SaveOutcome save(StoredRecord from, User user, String... pairs) {
        return records.save(new SaveRequest(from.id(), from.version(), records.versionToken(from, user), form(pairs), null,
                null, null), user);
    }

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        return form;
    }
}
