package stet.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionFormTest {

    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return form;
    }

    @Test
    void rows_are_parsed_in_order_and_empty_rows_skipped() {
        CollectionForm parsed = CollectionForm.parse(form(
                "name", "Parts", "slug", "Parts",
                "field_0_key", "name", "field_0_label", "Name", "field_0_type", "text", "field_0_required", "true",
                "field_1_key", "", "field_1_type", "text",
                "field_2_key", "qty", "field_2_type", "integer", "field_2_min", "0", "field_2_delta", "true",
                "field_3_key", "color", "field_3_type", "choice", "field_3_choices", "Red\r\n\r\n Blue \r\nRed"));

        CollectionForm.Checked checked = parsed.check(List.of());

        assertThat(parsed.slug()).isEqualTo("parts");
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.fields()).extracting(FieldDef::key).containsExactly("name", "qty", "color");
        assertThat(checked.fields().get(0).required()).isTrue();
        assertThat(checked.fields().get(1).delta()).isTrue();
        assertThat(checked.fields().get(1).min()).isEqualTo("0");
        assertThat(checked.fields().get(2).choices()).containsExactly("Red", "Blue");
    }

    @Test
    void bad_definitions_get_a_message_next_to_each_input() {
        CollectionForm parsed = CollectionForm.parse(form(
                "name", "",
                "field_0_key", "version", "field_0_type", "text",
                "field_1_key", "Bad Key", "field_1_type", "text",
                "field_2_key", "n", "field_2_type", "number", "field_2_min", "5", "field_2_max", "1",
                "field_3_key", "t", "field_3_type", "text", "field_3_delta", "true",
                "field_4_key", "b", "field_4_type", "boolean", "field_4_unique", "true",
                "field_5_key", "c", "field_5_type", "choice",
                "field_6_key", "n", "field_6_type", "integer",
                "field_7_key", "x", "field_7_type", "nonsense"));

        Map<String, String> errors = parsed.check(List.of()).errors();

        assertThat(errors)
                .containsKey("name")
                .containsEntry("field_0_key", "'version' is reserved; choose another key.")
                .containsKey("field_1_key")
                .containsEntry("field_2_max", "The maximum is below the minimum.")
                .containsEntry("field_3_delta", "Only number and integer fields merge by delta.")
                .containsEntry("field_4_unique", "A boolean field cannot be unique.")
                .containsEntry("field_5_choices", "List the choices, one per line.")
                .containsEntry("field_6_key", "Another field already has the key 'n'.")
                .containsEntry("field_7_type", "Choose a type.");
    }

    @Test
    void a_length_bound_above_what_the_type_holds_is_refused_next_to_its_input() {
        CollectionForm parsed = CollectionForm.parse(form(
                "name", "Parts",
                "field_0_key", "code", "field_0_type", "text", "field_0_min", "1500",
                "field_1_key", "title", "field_1_type", "text", "field_1_min", "1500", "field_1_max", "5000",
                "field_2_key", "body", "field_2_type", "longtext", "field_2_max", "500001",
                "field_3_key", "name", "field_3_type", "text", "field_3_min", "1000", "field_3_max", "1000",
                "field_4_key", "notes", "field_4_type", "longtext", "field_4_min", "500000"));

        CollectionForm.Checked checked = parsed.check(List.of());

        assertThat(checked.errors()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "field_0_min", "At most 1,000 characters: a text field holds no more.",
                "field_1_min", "At most 1,000 characters: a text field holds no more.",
                "field_1_max", "At most 1,000 characters: a text field holds no more.",
                "field_2_max", "At most 500,000 characters: a longtext field holds no more."));
        assertThat(checked.fields()).as("nothing to save").isEmpty();
    }

    @Test
    void the_type_of_an_existing_field_cannot_change() {
        List<FieldDef> before = List.of(new FieldDef("qty", "Qty", FieldType.INTEGER, false, false, null, null, false, List.of()));
        CollectionForm parsed = CollectionForm.parse(form("name", "Parts", "field_0_key", "qty", "field_0_type", "text",
                "field_0_existing", "true"));

        assertThat(parsed.check(before).errors())
                .containsEntry("field_0_type", "The type of an existing field cannot change (it is integer).");
    }

    @Test
    void a_collection_needs_a_field_and_a_valid_slug() {
        CollectionForm parsed = CollectionForm.parse(form("name", "Empty", "slug", "-bad slug"));
        assertThat(parsed.check(List.of()).errors()).containsEntry("fields", "A collection needs at least one field.");
        assertThat(parsed.slugProblem()).isNotNull();
    }

    @Test
    void an_existing_definition_round_trips_through_the_form() {
        List<FieldDef> fields = List.of(
                new FieldDef("sku", "SKU", FieldType.TEXT, true, true, null, "40", false, List.of()),
                new FieldDef("size", "Size", FieldType.CHOICE, false, false, null, null, false, List.of("S", "M")));
        CollectionForm shown = CollectionForm.of("Parts", "parts", false, fields, 2);
        Map<String, List<String>> posted = new HashMap<>();
        posted.put("name", List.of(shown.name()));
        for (CollectionForm.Row row : shown.rows()) {
            String p = "field_" + row.index() + "_";
            posted.put(p + "key", List.of(row.key()));
            posted.put(p + "label", List.of(row.label()));
            posted.put(p + "type", List.of(row.type()));
            posted.put(p + "max", List.of(row.max()));
            posted.put(p + "choices", List.of(row.choices()));
            posted.put(p + "required", List.of(String.valueOf(row.required())));
            posted.put(p + "unique", List.of(String.valueOf(row.unique())));
        }
        assertThat(shown.rows()).hasSize(4);
        assertThat(CollectionForm.parse(posted).check(fields).fields()).isEqualTo(fields);
    }

    @Test
    void every_name_the_record_and_merge_forms_use_is_refused_as_a_field_key() {
        List<String> reserved = List.of("version", "version_token", "comment", "idempotency_key", "merge_base",
                "merge_kind");
        for (String key : reserved) {
            CollectionForm parsed = CollectionForm.parse(form("name", "Parts", "field_0_key", key, "field_0_type", "text"));
            assertThat(parsed.check(List.of()).errors()).as(key)
                    .containsEntry("field_0_key", "'" + key + "' is reserved; choose another key.");
        }
    }

    @Test
    void a_key_containing_a_double_underscore_is_refused_wherever_it_is() {
        for (String key : List.of("price__yours", "a__b", "x__", "notes__hunk_1", "a___b")) {
            CollectionForm parsed = CollectionForm.parse(form("name", "Parts", "field_0_key", key, "field_0_type", "text"));
            assertThat(parsed.check(List.of()).errors()).as(key).containsEntry("field_0_key",
                    "'__' (two underscores) is reserved for the merge page's own fields; choose a key without it.");
        }
        CollectionForm single = CollectionForm.parse(form("name", "Parts", "field_0_key", "a_b_c", "field_0_type", "text"));
        assertThat(single.check(List.of()).errors()).isEmpty();
    }

    @Test
    void a_nul_character_in_the_name_a_label_or_a_choice_is_refused() {
        CollectionForm parsed = CollectionForm.parse(form("name", "Pa\0rts",
                "field_0_key", "size", "field_0_label", "Si\0ze", "field_0_type", "choice", "field_0_choices", "S\nM\0\nL"));

        assertThat(parsed.check(List.of()).errors())
                .containsEntry("name", "Contains a NUL character (\\0), which cannot be stored.")
                .containsEntry("field_0_label", "Contains a NUL character (\\0), which cannot be stored.")
                .containsEntry("field_0_choices", "Contains a NUL character (\\0), which cannot be stored.");
    }

    @Test
    void names_labels_and_choices_are_counted_in_characters_as_field_values_are() {
        String emoji = "\uD83D\uDCE6"; // 📦: one character, two UTF-16 units
        CollectionForm fits = CollectionForm.parse(form("name", emoji.repeat(200), "slug", "boxes",
                "field_0_key", "size", "field_0_label", emoji.repeat(200), "field_0_type", "choice",
                "field_0_choices", emoji.repeat(100) + "\nM"));
        CollectionForm over = CollectionForm.parse(form("name", emoji.repeat(201), "slug", "boxes",
                "field_0_key", "size", "field_0_label", emoji.repeat(201), "field_0_type", "choice",
                "field_0_choices", emoji.repeat(101) + "\nM"));

        assertThat(fits.check(List.of()).errors()).isEmpty();
        assertThat(over.check(List.of()).errors()).containsOnlyKeys("name", "field_0_label", "field_0_choices");
    }

    @Test
    void leasing_is_read_from_the_form_with_ten_minutes_when_left_empty() {
        CollectionForm exclusive = CollectionForm.parse(form("name", "Parts", "field_0_key", "sku", "field_0_type", "text",
                "exclusive", "true", "lease_minutes", " 25 "));
        assertThat(exclusive.check(List.of()).leasing()).isEqualTo(new Leasing(true, 25));
        CollectionForm plain = CollectionForm.parse(form("name", "Parts", "field_0_key", "sku", "field_0_type", "text"));
        assertThat(plain.check(List.of()).leasing()).isEqualTo(Leasing.DEFAULT);
    }

    @Test
    void a_lease_length_that_is_not_a_whole_number_of_minutes_up_to_a_day_is_refused_and_kept_as_typed() {
        for (String typed : List.of("0", "1441", "-5", "ten", "2.5", "99999999999")) {
            CollectionForm parsed = CollectionForm.parse(form("name", "Parts", "field_0_key", "sku", "field_0_type", "text",
                    "lease_minutes", typed));
            assertThat(parsed.check(List.of()).errors()).as(typed).containsEntry("lease_minutes",
                    "A lease lasts a whole number of minutes from 1 to 1440 (a day).");
            assertThat(parsed.leaseMinutes()).isEqualTo(typed);
        }
    }

    @Test
    void a_saved_collections_leasing_round_trips_through_the_form() {
        Collection saved = new Collection(7, "parts", "Parts",
                List.of(new FieldDef("sku", "SKU", FieldType.TEXT, false, false, null, null, false, List.of())),
                false, new Leasing(true, 45), 3, null);
        CollectionForm shown = CollectionForm.of(saved, 0);
        assertThat(shown.exclusive()).isTrue();
        assertThat(shown.leaseMinutes()).isEqualTo("45");
    }
}
