package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BothSidesTest {

    @Test
    void a_shared_heading_is_written_once_with_both_items_under_it() {
        assertThat(join("## Unreleased\n- yours\n", "## Unreleased\n- theirs\n", "# Changes\n", "## 1.0\n"))
                .isEqualTo("## Unreleased\n- yours\n- theirs\n");
    }

    @Test
    void paragraphs_that_end_with_a_shared_blank_line_stay_apart() {
        assertThat(join("def y():\n    pass\n\n", "def t():\n    pass\n\n", "\n", "def z():\n"))
                .isEqualTo("def y():\n    pass\n\ndef t():\n    pass\n\n");
    }

    @Test
    void paragraphs_that_start_with_a_shared_blank_line_stay_apart() {
        assertThat(join("\nYours.\n", "\nTheirs.\n", "End of the first paragraph.\n", null))
                .isEqualTo("\nYours.\n\nTheirs.\n");
    }

    @Test
    void list_items_after_a_heading_are_not_set_apart_by_the_blank_line_after_them() {
        assertThat(join("- yours\n\n", "- theirs\n\n", "## Unreleased\n", "## 1.0\n"))
                .isEqualTo("- yours\n- theirs\n\n");
    }

    @Test
    void paragraphs_share_only_whole_paragraphs() {
        assertThat(join("Shared.\n\nYours.\n\n", "Shared.\n\nTheirs.\n\n", null, "More.\n"))
                .isEqualTo("Shared.\n\nYours.\n\nTheirs.\n\n");
        assertThat(join("    @Override\n    void y() {\n    }\n\n", "    @Override\n    void t() {\n    }\n\n",
                "\n", "    void z() {\n"))
                .isEqualTo("    @Override\n    void y() {\n    }\n\n    @Override\n    void t() {\n    }\n\n");
    }

    @Test
    void lines_both_sides_share_are_never_repeated() {
        assertThat(join("a\nb\nc\n", "a\nB\nc\n", null, null)).isEqualTo("a\nb\nB\nc\n");
        assertThat(join("a\n", "a\nb\n", null, null)).isEqualTo("a\nb\n");
        assertThat(join("a\nb\n", "b\n", null, null)).isEqualTo("a\nb\n");
    }

    @Test
    void a_block_without_a_final_newline_gets_one_before_the_other() {
        assertThat(join("yours", "theirs", "x\n", null)).isEqualTo("yours\ntheirs");
    }

    @Test
    void an_empty_side_adds_nothing() {
        assertThat(join("", "theirs\n", null, null)).isEqualTo("theirs\n");
        assertThat(join("yours\n", "", null, null)).isEqualTo("yours\n");
    }

    private static String join(String first, String second, String before, String after) {
        return BothSides.join(List.of(Texts.split(first)), List.of(Texts.split(second)), before, after);
    }
}
