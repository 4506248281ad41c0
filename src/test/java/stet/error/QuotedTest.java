package stet.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTest {

    @Test
    void control_characters_are_shown_as_question_marks() {
        assertThat(Quoted.printable("a\u0000b\nc", 60)).isEqualTo("a?b?c");
    }

    @Test
    void a_long_value_is_cut_between_characters_never_inside_a_surrogate_pair() {
        String emoji = "\uD83D\uDCE6";

        String cut = Quoted.printable("x" + emoji.repeat(10), 4);

        assertThat(cut).isEqualTo("x" + emoji.repeat(3) + "…");
        assertThat(Quoted.printable(emoji.repeat(4), 4)).isEqualTo(emoji.repeat(4));
    }
}
