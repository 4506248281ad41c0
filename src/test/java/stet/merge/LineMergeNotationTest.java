package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Line-merge cases in a compact notation, one character per line as in JGit's
 * MergeAlgorithmTest: {@code merge("abc", "aZc", "abc")} merges base "a b c" with yours
 * "a Z c" and theirs "a b c". Expected results use {@code <} yours {@code |} base {@code =}
 * theirs {@code >} for a conflict, e.g. {@code "a<Z=Y>c"}.
 */
class LineMergeNotationTest {

    private static final String BASE = "abcdefghij";

    // --- changes in separate places merge ---

    @Test
    void changes_at_start_and_end_merge() {
        assertThat(merge(BASE, "Zbcdefghij", "abcdefghiY")).isEqualTo(t("ZbcdefghiY"));
    }

    @Test
    void insertions_at_start_and_end_merge() {
        assertThat(merge(BASE, "Zabcdefghij", "abcdefghijY")).isEqualTo(t("ZabcdefghijY"));
    }

    @Test
    void deletions_at_start_and_end_merge() {
        assertThat(merge(BASE, "bcdefghij", "abcdefghi")).isEqualTo(t("bcdefghi"));
    }

    @Test
    void changes_in_the_middle_separated_by_a_line_merge() {
        assertThat(merge(BASE, "abcZefghij", "abcdeYghij")).isEqualTo(t("abcZeYghij"));
    }

    @Test
    void insertion_and_deletion_in_the_middle_merge() {
        assertThat(merge(BASE, "abcdZefghij", "abcdefgij")).isEqualTo(t("abcdZefgij"));
    }

    @Test
    void change_on_one_side_only_takes_that_side() {
        assertThat(merge(BASE, "abcZefghij", BASE)).isEqualTo(t("abcZefghij"));
        assertThat(merge(BASE, BASE, "abcZefghij")).isEqualTo(t("abcZefghij"));
    }

    // --- identical changes are not conflicts ---

    @Test
    void identical_change_on_both_sides_is_taken_once() {
        assertThat(merge(BASE, "abcZefghij", "abcZefghij")).isEqualTo(t("abcZefghij"));
    }

    @Test
    void identical_change_next_to_a_one_sided_change_merges() {
        assertThat(merge(BASE, "abcZefghij", "abcZefgYij")).isEqualTo(t("abcZefgYij"));
    }

    @Test
    void identical_deletion_on_both_sides_is_taken_once() {
        assertThat(merge(BASE, "abcefghij", "abcefghij")).isEqualTo(t("abcefghij"));
    }

    // --- adjacent and overlapping changes conflict ---

    @Test
    void changes_to_adjacent_lines_conflict() {
        assertThat(merge(BASE, "abcZefghij", "abcdYfghij")).isEqualTo(t("abc<Ze=dY>fghij"));
    }

    @Test
    void insertions_at_the_same_place_conflict() {
        assertThat(merge(BASE, "abcZdefghij", "abcYdefghij")).isEqualTo(t("abc<Z=Y>defghij"));
    }

    @Test
    void overlapping_changes_conflict() {
        assertThat(merge(BASE, "abcZZfghij", "abcdYYghij")).isEqualTo(t("abc<ZZf=dYY>ghij"));
    }

    @Test
    void different_changes_to_the_same_line_conflict() {
        assertThat(merge(BASE, "Zbcdefghij", "Ybcdefghij")).isEqualTo(t("<Z=Y>bcdefghij"));
        assertThat(merge(BASE, "abcdefghiZ", "abcdefghiY")).isEqualTo(t("abcdefghi<Z=Y>"));
    }

    @Test
    void delete_against_edit_conflicts() {
        assertThat(merge(BASE, "abcefghij", "abcZefghij")).isEqualTo(t("abc<=Z>efghij"));
        assertThat(merge(BASE, "abcZefghij", "abcefghij")).isEqualTo(t("abc<Z=>efghij"));
    }

    @Test
    void diff3_style_shows_the_base_of_each_conflict() {
        assertThat(merge3(BASE, "abcZZfghij", "abcdYYghij")).isEqualTo(t("abc<ZZf|def=dYY>ghij"));
        assertThat(merge3(BASE, "abcefghij", "abcZefghij")).isEqualTo(t("abc<|d=Z>efghij"));
    }

    // --- git's zealous refinement ---

    @Test
    void common_lines_at_the_edges_of_a_conflict_are_left_out_of_it() {
        assertThat(merge(BASE, "aQXefghij", "aQYefghij")).isEqualTo(t("aQ<X=Y>efghij"));
    }

    @Test
    void conflicts_three_lines_apart_are_joined() {
        assertThat(merge(BASE, "aXcdeXghij", "aYcdeYghij")).isEqualTo(t("a<XcdeX=YcdeY>ghij"));
    }

    @Test
    void conflicts_four_lines_apart_stay_separate() {
        assertThat(merge(BASE, "aXcdefXhij", "aYcdefYhij")).isEqualTo(t("a<X=Y>cdef<X=Y>hij"));
    }

    @Test
    void conflicts_separated_only_by_lines_without_letters_or_digits_are_joined() {
        assertThat(merge("a1....2b", "aP....Qb", "aR....Sb")).isEqualTo(t("a<P....Q=R....S>b"));
    }

    // --- empty sides ---

    @Test
    void emptied_on_one_side_and_untouched_on_the_other_is_empty() {
        assertThat(merge("abc", "", "abc")).isEmpty();
    }

    @Test
    void emptied_on_one_side_and_edited_on_the_other_conflicts() {
        assertThat(merge("abc", "", "abZ")).isEqualTo(t("<=abZ>"));
    }

    @Test
    void additions_to_an_empty_base_merge_only_when_identical() {
        assertThat(merge("", "ab", "ab")).isEqualTo(t("ab"));
        assertThat(merge("", "ab", "cd")).isEqualTo(t("<ab=cd>"));
        assertThat(merge("", "ab", "")).isEqualTo(t("ab"));
    }

    @Test
    void all_empty_is_empty() {
        assertThat(merge("", "", "")).isEmpty();
    }

    @Test
    void conflicts_are_counted_and_hunks_say_which_side_won() {
        LineMergeResult r = LineMerge.merge(t("abcdefghij"), t("aXcdefXhiZ"), t("aYcdefYhij"));
        assertThat(r.conflictCount()).isEqualTo(2);
        assertThat(r.hunks()).extracting(MergeHunk::kind).containsExactly(
                MergeHunk.Kind.UNCHANGED, MergeHunk.Kind.CONFLICT, MergeHunk.Kind.UNCHANGED,
                MergeHunk.Kind.CONFLICT, MergeHunk.Kind.UNCHANGED, MergeHunk.Kind.YOURS);
        MergeHunk first = r.hunks().get(1);
        assertThat(first.base()).isEqualTo(new LineRange(1, 1));
        assertThat(first.text(Side.YOURS)).isEqualTo("X\n");
        assertThat(first.text(Side.THEIRS)).isEqualTo("Y\n");
        assertThat(first.text(Side.BASE)).isEqualTo("b\n");
    }

    /** Merges one-character-per-line texts and renders the result in the notation's terms. */
    private static String merge(String base, String yours, String theirs) {
        LineMergeResult r = LineMerge.merge(t(base), t(yours), t(theirs));
        return new MergeFormatter(MergeFormatter.Style.MERGE, MergeFormatter.Labels.DEFAULT, 7).format(r);
    }

    private static String merge3(String base, String yours, String theirs) {
        LineMergeResult r = LineMerge.merge(t(base), t(yours), t(theirs),
                new LineMergeOptions(LineMergeOptions.Conflicts.WHOLE));
        return MergeFormatter.DEFAULT.format(r);
    }

    /** One line per character; {@code < | = >} become the markers. */
    static String t(String notation) {
        StringBuilder sb = new StringBuilder();
        for (char c : notation.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("<<<<<<< yours\n");
                case '|' -> sb.append("||||||| original\n");
                case '=' -> sb.append("=======\n");
                case '>' -> sb.append(">>>>>>> theirs\n");
                default -> sb.append(c).append('\n');
            }
        }
        return sb.toString();
    }
}
