package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.merge.FieldMerge.Outcome;

class RecordMergeTest {

    private static final MergeField TITLE = MergeField.scalar("title");
    private static final MergeField NOTES = MergeField.lines("notes");
    private static final MergeField STOCK = MergeField.delta("stock", BigDecimal.ZERO, new BigDecimal("100"), true);
    private static final MergeField PRICE = MergeField.delta("price", null, null, false);

    // --- scalar fields: text, choice, boolean, date, numbers without the delta flag ---

    @Test
    void scalar_field_changed_by_nobody_is_unchanged() {
        assertThat(outcome(TITLE, "a", "a", "a")).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void scalar_field_changed_on_one_side_takes_that_side() {
        FieldMerge theirs = field(TITLE, "a", "T", "a");
        assertThat(theirs.outcome()).isEqualTo(Outcome.THEIRS_ONLY);
        assertThat(theirs.merged()).isEqualTo("T");
        FieldMerge yours = field(TITLE, "a", "a", "Y");
        assertThat(yours.outcome()).isEqualTo(Outcome.YOURS_ONLY);
        assertThat(yours.merged()).isEqualTo("Y");
    }

    @Test
    void scalar_field_changed_to_the_same_value_on_both_sides_is_taken() {
        FieldMerge f = field(TITLE, "a", "same", "same");
        assertThat(f.outcome()).isEqualTo(Outcome.SAME_CHANGE);
        assertThat(f.merged()).isEqualTo("same");
    }

    @Test
    void scalar_fields_of_every_type_changed_differently_conflict_and_propose_yours() {
        for (String[] values : List.of(
                new String[] {"text", "old", "theirs", "yours"},
                new String[] {"choice", "open", "closed", "pending"},
                new String[] {"boolean", "false", "true", ""},
                new String[] {"date", "2024-01-01", "2024-02-02", "2024-03-03"},
                new String[] {"number", "1.5", "2", "3"})) {
            FieldMerge f = field(MergeField.scalar(values[0]), values[1], values[2], values[3]);
            assertThat(f.outcome()).as(values[0]).isEqualTo(Outcome.CONFLICT);
            assertThat(f.merged()).isEqualTo(values[3]);
            assertThat(f.reason()).isEqualTo("both sides changed the value");
        }
    }

    // --- delta numbers ---

    @Test
    void delta_field_changed_on_both_sides_adds_both_changes() {
        FieldMerge f = field(STOCK, "10", "7", "15");
        assertThat(f.outcome()).isEqualTo(Outcome.DELTA_MERGED);
        assertThat(f.merged()).isEqualTo("12");
    }

    @Test
    void delta_field_given_the_same_increment_on_both_sides_counts_both() {
        // A delta field counts, it does not agree: two users who each add 1 to 10 give 12.
        FieldMerge f = field(STOCK, "10", "11", "11");
        assertThat(f.outcome()).isEqualTo(Outcome.DELTA_MERGED);
        assertThat(f.merged()).isEqualTo("12");
        assertThat(field(PRICE, "2.5", "2.0", "2.0").merged()).isEqualTo("1.5");
    }

    @Test
    void delta_field_given_the_same_change_on_both_sides_still_respects_the_bounds() {
        FieldMerge f = field(STOCK, "90", "99", "99");
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).isEqualTo("the combined change 108 is above the maximum 100");
        assertThat(f.merged()).isEqualTo("99");
    }

    @Test
    void delta_field_cleared_on_both_sides_is_the_same_change() {
        FieldMerge f = field(PRICE, "3", "", "");
        assertThat(f.outcome()).isEqualTo(Outcome.SAME_CHANGE);
        assertThat(f.merged()).isEmpty();
    }

    @Test
    void delta_merge_of_decimals_is_exact_and_written_as_a_typed_number_is() {
        FieldMerge f = field(PRICE, "0.1", "0.3", "0.2");
        assertThat(f.merged()).isEqualTo("0.4");
        assertThat(field(PRICE, "1", "1.1", "0.9").merged()).isEqualTo("1");
        assertThat(field(PRICE, "0.5", "1.25", "0.75").merged()).isEqualTo("1.5");
        assertThat(field(PRICE, "1", "0.5", "0.5").merged()).isEqualTo("0");
        assertThat(field(PRICE, "0.000000000000000000001", "0.000000000000000000003", "0.000000000000000000002").merged())
                .isEqualTo("0.000000000000000000004");
    }

    @Test
    void delta_merge_above_the_maximum_conflicts() {
        FieldMerge f = field(STOCK, "50", "80", "90");
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).isEqualTo("the combined change 120 is above the maximum 100");
        assertThat(f.merged()).isEqualTo("90");
    }

    @Test
    void delta_merge_below_the_minimum_conflicts() {
        FieldMerge f = field(STOCK, "10", "4", "3");
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).isEqualTo("the combined change -3 is below the minimum 0");
    }

    @Test
    void delta_merge_on_the_bounds_is_allowed() {
        assertThat(field(STOCK, "50", "80", "70").merged()).isEqualTo("100");
        assertThat(field(STOCK, "10", "6", "4").merged()).isEqualTo("0");
    }

    @Test
    void integer_delta_with_a_fractional_result_conflicts() {
        FieldMerge f = field(STOCK, "10", "10.5", "11");
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).contains("not a whole number");
    }

    @Test
    void delta_with_a_value_that_is_not_a_number_or_empty_conflicts() {
        assertThat(outcome(PRICE, "1", "x", "2")).isEqualTo(Outcome.CONFLICT);
        assertThat(outcome(PRICE, "", "1", "2")).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void delta_field_changed_on_one_side_takes_that_side_even_out_of_bounds() {
        // Bounds on a plain save are the validator's job; the merge only checks what it computes.
        assertThat(field(STOCK, "10", "10", "500").merged()).isEqualTo("500");
    }

    // --- longtext ---

    @Test
    void longtext_changed_in_separate_lines_merges_line_by_line() {
        FieldMerge f = field(NOTES, "a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n");
        assertThat(f.outcome()).isEqualTo(Outcome.MERGED_LINES);
        assertThat(f.merged()).isEqualTo("A\nb\nC\n");
        assertThat(f.lines()).hasValueSatisfying(l -> assertThat(l.hunks()).extracting(MergeHunk::kind)
                .containsExactly(MergeHunk.Kind.THEIRS, MergeHunk.Kind.UNCHANGED, MergeHunk.Kind.YOURS));
    }

    @Test
    void longtext_changed_in_the_same_line_conflicts_with_a_marked_proposal() {
        FieldMerge f = field(NOTES, "a\nb\n", "a\nT\n", "a\nY\n");
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).isEqualTo("both sides changed the same or adjacent lines");
        assertThat(f.merged()).isEqualTo("a\n<<<<<<< yours\nY\n||||||| original\nb\n=======\nT\n>>>>>>> theirs\n");
        assertThat(f.lines().orElseThrow().conflictCount()).isEqualTo(1);
    }

    @Test
    void longtext_changed_on_one_side_carries_no_line_merge() {
        FieldMerge f = field(NOTES, "a\n", "a\n", "b\n");
        assertThat(f.outcome()).isEqualTo(Outcome.YOURS_ONLY);
        assertThat(f.lines()).isEmpty();
    }

    @Test
    void longtext_over_the_size_ceiling_is_one_whole_field_conflict_that_says_why() {
        String huge = "x\n".repeat(LineMerge.MAX_LINES + 1);
        FieldMerge f = field(NOTES, "a\n", "b\n", huge);
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.reason()).isEqualTo("the yours text is too large to merge: more than 2000000 lines");
        assertThat(f.merged()).isSameAs(huge);
        assertThat(f.lines()).isEmpty();
    }

    // --- the record as a whole ---

    @Test
    void record_with_separate_changes_merges_cleanly() {
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE, NOTES, STOCK),
                Map.of("title", "Lamp", "notes", "one\ntwo\n", "stock", "5"),
                Map.of("title", "Desk lamp", "notes", "one\ntwo\n", "stock", "4"),
                Map.of("title", "Lamp", "notes", "one\ntwo\nthree\n", "stock", "7"));
        assertThat(r.clean()).isTrue();
        assertThat(r.merged()).isEqualTo(Map.of("title", "Desk lamp", "notes", "one\ntwo\nthree\n", "stock", "6"));
        assertThat(r.fields()).extracting(FieldMerge::outcome)
                .containsExactly(Outcome.THEIRS_ONLY, Outcome.YOURS_ONLY, Outcome.DELTA_MERGED);
    }

    @Test
    void one_conflicting_field_makes_the_record_unclean() {
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE, STOCK), Map.of("title", "a", "stock", "1"),
                Map.of("title", "b", "stock", "2"), Map.of("title", "c", "stock", "3"));
        assertThat(r.clean()).isFalse();
        assertThat(r.conflicts()).extracting(FieldMerge::key).containsExactly("title");
        assertThat(r.value("stock")).isEqualTo("4");
    }

    @Test
    void absent_and_null_values_are_empty_and_empty_results_are_left_out() {
        Map<String, String> yours = new HashMap<>();
        yours.put("title", null);
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE), Map.of("title", "x"), Map.of("title", "x"), yours);
        assertThat(r.field("title").orElseThrow().outcome()).isEqualTo(Outcome.YOURS_ONLY);
        assertThat(r.merged()).isEmpty();
        assertThat(r.value("title")).isEmpty();
    }

    @Test
    void field_removed_from_the_collection_by_theirs_is_dropped_when_yours_left_it_alone() {
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE), Map.of("title", "t", "old", "v"),
                Map.of("title", "t"), Map.of("title", "t", "old", "v"));
        assertThat(r.clean()).isTrue();
        assertThat(r.field("old").orElseThrow().outcome()).isEqualTo(Outcome.THEIRS_ONLY);
        assertThat(r.merged()).doesNotContainKey("old");
    }

    @Test
    void field_removed_by_theirs_while_yours_changed_it_conflicts_so_no_value_is_lost() {
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE), Map.of("title", "t", "old", "v"),
                Map.of("title", "t"), Map.of("title", "t", "old", "changed"));
        FieldMerge f = r.field("old").orElseThrow();
        assertThat(f.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(f.merged()).isEqualTo("changed");
    }

    @Test
    void field_added_to_the_collection_by_theirs_is_kept() {
        RecordMergeResult r = RecordMerge.merge(List.of(TITLE), Map.of("title", "t"),
                Map.of("title", "t", "added", "new"), Map.of("title", "u"));
        assertThat(r.clean()).isTrue();
        assertThat(r.merged()).isEqualTo(Map.of("title", "u", "added", "new"));
    }

    @Test
    void defined_fields_come_first_in_definition_order_then_the_others_by_key() {
        RecordMergeResult r = RecordMerge.merge(List.of(NOTES, TITLE), Map.of("z", "1", "b", "2"), Map.of(), Map.of());
        assertThat(r.fields()).extracting(FieldMerge::key).containsExactly("notes", "title", "b", "z");
    }

    @Test
    void a_field_defined_twice_is_rejected() {
        assertThatThrownBy(() -> RecordMerge.merge(List.of(TITLE, MergeField.lines("title")), Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
    }

    private static Outcome outcome(MergeField f, String base, String theirs, String yours) {
        return field(f, base, theirs, yours).outcome();
    }

    private static FieldMerge field(MergeField f, String base, String theirs, String yours) {
        RecordMergeResult r = RecordMerge.merge(List.of(f), Map.of(f.key(), base), Map.of(f.key(), theirs),
                Map.of(f.key(), yours));
        return r.field(f.key()).orElseThrow();
    }
}
