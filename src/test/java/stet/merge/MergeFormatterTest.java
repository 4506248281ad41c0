package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MergeFormatterTest {

    private static final MergeFormatter GIT_STYLE =
            new MergeFormatter(MergeFormatter.Style.MERGE, MergeFormatter.Labels.DEFAULT, 7);

    @Test
    void default_formatter_writes_diff3_markers_labelled_yours_original_theirs() {
        LineMergeResult r = LineMerge.merge("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n");
        assertThat(MergeFormatter.DEFAULT.format(r)).isEqualTo(
                "a\n<<<<<<< yours\nX\n||||||| original\nb\n=======\nY\n>>>>>>> theirs\nc\n");
    }

    @Test
    void a_side_without_final_newline_gets_one_before_the_next_marker() {
        LineMergeResult r = LineMerge.merge("a\nb", "a\nX", "a\nY");
        assertThat(GIT_STYLE.format(r)).isEqualTo("a\n<<<<<<< yours\nX\n=======\nY\n>>>>>>> theirs\n");
    }

    @Test
    void clean_merge_keeps_a_missing_final_newline() {
        LineMergeResult r = LineMerge.merge("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nD");
        assertThat(r.mergedText()).hasValue("A\nb\nc\nD");
        assertThat(GIT_STYLE.format(r)).isEqualTo("A\nb\nc\nD");
    }

    @Test
    void markers_end_in_crlf_when_the_texts_do() {
        LineMergeResult r = LineMerge.merge("a\r\nb\r\nc\r\n", "a\r\nX\r\nc\r\n", "a\r\nY\r\nc\r\n");
        assertThat(GIT_STYLE.format(r)).isEqualTo(
                "a\r\n<<<<<<< yours\r\nX\r\n=======\r\nY\r\n>>>>>>> theirs\r\nc\r\n");
    }

    @Test
    void markers_end_in_lf_when_the_line_before_the_conflict_on_one_side_does() {
        // Expected bytes taken from git merge-file for the same input.
        LineMergeResult r = LineMerge.merge("a\r\nb\r\nc\r\n", "a\r\nX\r\nc\r\n", "a\nY\r\nc\r\n");
        assertThat(GIT_STYLE.format(r)).isEqualTo(
                "<<<<<<< yours\na\r\nX\r\n=======\na\nY\r\n>>>>>>> theirs\nc\r\n");
    }

    @Test
    void labels_and_marker_size_are_configurable_and_a_null_label_writes_a_bare_marker() {
        LineMergeResult r = LineMerge.merge("b\n", "X\n", "Y\n");
        MergeFormatter f = new MergeFormatter(MergeFormatter.Style.DIFF3,
                new MergeFormatter.Labels("mine", null, "saved by bob"), 4);
        assertThat(f.format(r)).isEqualTo("<<<< mine\nX\n||||\nb\n====\nY\n>>>> saved by bob\n");
    }

    @Test
    void proposal_of_a_clean_merge_is_the_merged_text_and_of_a_conflict_has_markers() {
        assertThat(LineMerge.merge("a\n", "b\n", "a\n").proposal()).isEqualTo("b\n");
        assertThat(LineMerge.merge("a\n", "b\n", "c\n").proposal()).isEqualTo(
                "<<<<<<< yours\nb\n||||||| original\na\n=======\nc\n>>>>>>> theirs\n");
    }
}
