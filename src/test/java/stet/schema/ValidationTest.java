package stet.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    static FieldDef field(String key, FieldType type) {
        return new FieldDef(key, key, type, false, false, null, null, false, List.of());
    }

    static Collection collection(FieldDef... fields) {
        return new Collection(1, "c", "C", List.of(fields), false, Leasing.DEFAULT, 1, null);
    }

    static Validation.Result validate(Collection c, String... pairs) {
        java.util.Map<String, List<String>> form = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return Validation.validate(c, form);
    }

    @Test
    void what_was_typed_into_a_field_the_form_showed_and_the_collection_no_longer_has_is_told() {
        Collection c = collection(field("title", FieldType.TEXT));
        Map<String, String> stored = Map.of("title", "Bolt", "colour", "grey", "boxed", "true");
        Map<String, List<String>> form = Map.of(Validation.FORM_FIELDS, List.of("title colour boxed notes"),
                "title", List.of("Bolt"), "colour", List.of("blue"), "boxed", List.of("false"), "notes", List.of(""));

        Validation.Result result = Validation.validate(c, form, stored);

        assertThat(result.removed()).containsExactly(Map.entry("colour", "blue"), Map.entry("boxed", "false"));
        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void a_removed_field_left_as_it_was_or_a_form_that_lists_no_fields_loses_nothing() {
        Collection c = collection(field("title", FieldType.TEXT));
        Map<String, String> stored = Map.of("colour", "grey");
        // A checkbox left unticked posts its hidden "false"; a ticked one "false" then "true".
        assertThat(Validation.validate(c, Map.of(Validation.FORM_FIELDS, List.of("title colour boxed"),
                "colour", List.of("grey"), "boxed", List.of("false")), stored).ok()).isTrue();
        assertThat(Validation.validate(c, Map.of(Validation.FORM_FIELDS, List.of("title boxed"),
                "boxed", List.of("false", "true")), stored).removed()).containsExactly(Map.entry("boxed", "true"));
        assertThat(Validation.validate(c, Map.of("colour", List.of("blue")), stored).ok()).isTrue();
        // A new record has nothing stored: anything typed counts.
        assertThat(Validation.validate(c, Map.of(Validation.FORM_FIELDS, List.of("title colour"),
                "colour", List.of("zinc")), null).removed()).containsEntry("colour", "zinc");
    }

    @Test
    void numbers_are_stored_in_canonical_form() {
        Collection c = collection(field("n", FieldType.NUMBER));
        assertThat(validate(c, "n", " 10.50 ").values()).containsEntry("n", "10.5");
        assertThat(validate(c, "n", "100").values()).containsEntry("n", "100");
        assertThat(validate(c, "n", "-0.000").values()).containsEntry("n", "0");
        assertThat(validate(c, "n", ".5").values()).containsEntry("n", "0.5");
        assertThat(validate(c, "n", "1e3").errors()).containsEntry("n", "Must be a number, such as 12 or 12.5.");
        assertThat(validate(c, "n", "12,5").errors()).containsKey("n");
    }

    @Test
    void integers_reject_fractions_and_overflow() {
        Collection c = collection(field("i", FieldType.INTEGER));
        assertThat(validate(c, "i", "+007").values()).containsEntry("i", "7");
        assertThat(validate(c, "i", "1.5").errors()).containsEntry("i", "Must be a whole number, such as 12.");
        assertThat(validate(c, "i", "99999999999999999999").errors()).containsKey("i");
    }

    @Test
    void a_number_with_more_digits_than_it_may_hold_is_out_of_range_not_a_non_number() {
        Collection c = collection(field("n", FieldType.NUMBER));
        String outOfRange = "Out of range: at most 30 digits before and 30 after the decimal point.";
        assertThat(validate(c, "n", "1" + "0".repeat(30)).errors()).containsEntry("n", outOfRange);
        assertThat(validate(c, "n", "-0." + "1".repeat(31)).errors()).containsEntry("n", outOfRange);
        assertThat(validate(c, "n", "9".repeat(30) + "." + "9".repeat(30)).values())
                .containsEntry("n", "9".repeat(30) + "." + "9".repeat(30));
        // Leading zeros, and zeros after the last digit of a fraction, are no digits of the value.
        assertThat(validate(c, "n", "0".repeat(40) + "12.50" + "0".repeat(40)).values()).containsEntry("n", "12.5");
        assertThat(validate(c, "n", "+5.").values()).containsEntry("n", "5");
        assertThat(validate(c, "n", "-.0").values()).containsEntry("n", "0");
        for (String notANumber : List.of(".", "-", "+.", "1.2.3", "1e5", "0x10", "١٢")) {
            assertThat(validate(c, "n", notANumber).errors()).as(notANumber).containsKey("n");
        }
        assertThat(validate(c, "n", "12a").errors()).containsEntry("n", "Must be a number, such as 12 or 12.5.");
    }

    @Test
    void a_removed_fields_value_written_otherwise_than_as_stored_is_no_loss() {
        Collection c = collection(field("title", FieldType.TEXT));
        Map<String, String> stored = Map.of("size", "10.5", "count", "7", "tag", "t1", "done", "true", "notes", "a\nb");
        Map<String, String> given = Map.of("size", "10.50", "count", "+007", "tag", " t1 ", "done", "yes",
                "notes", "a\r\nb");

        assertThat(Validation.givenToRemoved(c, given, stored)).isEmpty();
        assertThat(Validation.givenToRemoved(c, Map.of("tag", " "), null)).as("blank, as nothing").isEmpty();
        assertThat(Validation.givenToRemoved(c, Map.of("size", "10.6", "tag", "t2"), stored))
                .containsOnlyKeys("size", "tag");
        assertThat(Validation.givenToRemoved(c, Map.of("done", "no"), stored)).containsOnlyKeys("done");
    }

    @Test
    void an_integer_with_more_digits_than_it_may_hold_is_out_of_range_not_a_non_number() {
        Collection c = collection(field("i", FieldType.INTEGER));
        String outOfRange = "Out of range: a whole number has at most 18 digits.";
        assertThat(validate(c, "i", "1234567890123456789").errors()).containsEntry("i", outOfRange);
        assertThat(validate(c, "i", "-99999999999999999999").errors()).containsEntry("i", outOfRange);
        assertThat(validate(c, "i", "999999999999999999").values()).containsEntry("i", "999999999999999999");
        assertThat(validate(c, "i", "-999999999999999999").values()).containsEntry("i", "-999999999999999999");
        // Leading zeros are no digits of the value.
        assertThat(validate(c, "i", "0000000000000000000000012").values()).containsEntry("i", "12");
        assertThat(validate(c, "i", "-00000000000000000000000").values()).containsEntry("i", "0");
        assertThat(validate(c, "i", "12a").errors()).containsEntry("i", "Must be a whole number, such as 12.");
    }

    @Test
    void dates_are_days_of_the_years_1_to_9999_written_as_yyyy_mm_dd() {
        Collection c = collection(field("d", FieldType.DATE));
        assertThat(validate(c, "d", " 2026-02-03 ").values()).containsEntry("d", "2026-02-03");
        assertThat(validate(c, "d", "0001-01-01").values()).containsEntry("d", "0001-01-01");
        assertThat(validate(c, "d", "9999-12-31").values()).containsEntry("d", "9999-12-31");
        for (String day : List.of("+12026-01-01", "+2026-01-01", "-0001-01-01", "0000-12-31", "2026-2-3", "2026-02-30")) {
            assertThat(validate(c, "d", day).errors()).as(day).containsEntry("d", "Must be a date as YYYY-MM-DD.");
        }
    }

    @Test
    void bounds_apply_to_values_of_numbers_and_dates_and_to_length_of_text() {
        Collection c = collection(
                new FieldDef("q", "q", FieldType.INTEGER, false, false, "0", "10", false, List.of()),
                new FieldDef("d", "d", FieldType.DATE, false, false, "2026-01-01", null, false, List.of()),
                new FieldDef("t", "t", FieldType.TEXT, false, false, "2", "4", false, List.of()));
        Validation.Result r = validate(c, "q", "11", "d", "2025-12-31", "t", "abcde");
        assertThat(r.errors())
                .containsEntry("q", "Must be at most 10.")
                .containsEntry("d", "Must be at least 2026-01-01.")
                .containsEntry("t", "At most 4 characters.");
        assertThat(validate(c, "q", "-1").errors()).containsEntry("q", "Must be at least 0.");
        assertThat(validate(c, "t", "a").errors()).containsEntry("t", "At least 2 characters.");
        assertThat(validate(c, "q", "10", "d", "2026-01-01", "t", "abcd").ok()).isTrue();
    }

    @Test
    void length_bounds_count_characters_beyond_the_basic_plane_once_each() {
        Collection c = collection(new FieldDef("t", "t", FieldType.TEXT, false, false, "2", "4", false, List.of()));

        // Four emoji are eight UTF-16 units: the maximum counts characters, as the minimum does.
        assertThat(validate(c, "t", "\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80").ok()).isTrue();
        assertThat(validate(c, "t", "\uD83D\uDE80".repeat(5)).errors()).containsEntry("t", "At most 4 characters.");
        assertThat(validate(c, "t", "\uD83D\uDE80").errors()).containsEntry("t", "At least 2 characters.");
    }

    @Test
    void required_fields_must_have_a_value_and_optional_empty_fields_are_absent() {
        Collection c = collection(
                new FieldDef("r", "r", FieldType.TEXT, true, false, null, null, false, List.of()),
                field("o", FieldType.TEXT));
        Validation.Result r = validate(c, "r", "   ", "o", "");
        assertThat(r.errors()).containsEntry("r", "Required.").doesNotContainKey("o");
        assertThat(validate(c, "r", "x", "o", "").values()).containsOnlyKeys("r");
    }

    @Test
    void text_is_one_line_and_longtext_keeps_lines_with_unix_endings() {
        Collection c = collection(field("t", FieldType.TEXT), field("l", FieldType.LONGTEXT));
        Validation.Result r = validate(c, "t", "a\nb", "l", "\r\n  one\r\ntwo\rthree\n");
        assertThat(r.errors()).containsEntry("t", "Must be a single line.");
        assertThat(r.values()).containsEntry("l", "\n  one\ntwo\nthree\n");
    }

    @Test
    void checkbox_posts_hidden_false_and_ticked_true() {
        Collection c = collection(field("b", FieldType.BOOLEAN));
        assertThat(validate(c, "b", "false", "b", "true").values()).containsEntry("b", "true");
        assertThat(validate(c, "b", "false").values()).containsEntry("b", "false");
        assertThat(validate(c).values()).containsEntry("b", "false");
        assertThat(validate(c, "b", "maybe").errors()).containsEntry("b", "Must be yes or no.");
    }

    @Test
    void choice_must_be_one_of_the_list() {
        Collection c = collection(new FieldDef("c", "c", FieldType.CHOICE, false, false, null, null, false, List.of("Red", "Blue")));
        assertThat(validate(c, "c", "Blue").values()).containsEntry("c", "Blue");
        assertThat(validate(c, "c", "Green").errors()).containsEntry("c", "Choose one of: Red, Blue.");
    }

    @Test
    void dates_are_iso_days() {
        Collection c = collection(field("d", FieldType.DATE));
        assertThat(validate(c, "d", "2026-02-28").values()).containsEntry("d", "2026-02-28");
        assertThat(validate(c, "d", "2026-02-30").errors()).containsEntry("d", "Must be a date as YYYY-MM-DD.");
        assertThat(validate(c, "d", "28.02.2026").errors()).containsKey("d");
    }

    @Test
    void input_is_kept_exactly_as_typed_for_the_form() {
        Collection c = collection(field("n", FieldType.NUMBER));
        Validation.Result r = validate(c, "n", "twelve");
        assertThat(r.input()).isEqualTo(Map.of("n", "twelve"));
    }

    @Test
    void a_value_with_a_nul_character_is_invalid_whatever_the_type() {
        for (FieldType type : FieldType.values()) {
            FieldDef f = type == FieldType.CHOICE
                    ? new FieldDef("f", "f", type, false, false, null, null, false, List.of("a\0b"))
                    : field("f", type);
            Validation.Result result = Validation.validateValues(collection(f), Map.of("f", "a\0b"));
            assertThat(result.errors()).as(type.id())
                    .containsEntry("f", "Contains a NUL character (\\0), which cannot be stored.");
            assertThat(result.input()).as("kept as typed").containsEntry("f", "a\0b");
        }
    }

    @Test
    void a_value_with_half_of_a_character_is_invalid_whatever_the_type() {
        // JSON's escapes can spell half of a UTF-16 pair; PostgreSQL's UTF-8 cannot hold it, and the
        // driver would store a '?' in its place.
        for (String half : List.of("a\uD800b", "\uDC00", "ab\uD83D", "\uDE42\uD83D")) {
            for (FieldType type : FieldType.values()) {
                FieldDef f = type == FieldType.CHOICE
                        ? new FieldDef("f", "f", type, false, false, null, null, false, List.of(half))
                        : field("f", type);
                Validation.Result result = Validation.validateValues(collection(f), Map.of("f", half));
                assertThat(result.errors()).as(type.id()).containsEntry("f",
                        "Contains half of a character (an unpaired UTF-16 surrogate, such as \\ud800), which cannot be stored.");
                assertThat(result.input()).as("kept as typed").containsEntry("f", half);
            }
        }
    }

    @Test
    void characters_beyond_the_basic_plane_are_whole_characters() {
        Collection c = collection(field("t", FieldType.TEXT));
        assertThat(validate(c, "t", "\uD83D\uDE42 \uD835\uDD38").values()).containsEntry("t", "\uD83D\uDE42 \uD835\uDD38");
    }

    @Test
    void unstorable_tells_nul_and_halves_of_characters_apart_and_passes_the_rest() {
        assertThat(Validation.unstorable("plain, \u00e9, \uD83D\uDE42")).isEmpty();
        assertThat(Validation.unstorable("a\0b")).contains(Validation.NUL_MESSAGE);
        assertThat(Validation.unstorable("\uD800")).contains(Validation.HALF_CHARACTER_MESSAGE);
    }
}
