package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchLexemesTest {

    @Test
    void one_word_is_required_and_is_the_whole_search() {
        SearchLexemes one = SearchLexemes.of("'word42'");

        assertThat(one.required()).containsExactly("word42");
        assertThat(one.single()).isTrue();
    }

    @Test
    void every_word_of_an_and_or_a_phrase_is_required() {
        assertThat(SearchLexemes.of("'a' & 'b' & 'c'").required()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(SearchLexemes.of("'foo-bar' <-> 'foo' <-> 'bar'").required())
                .containsExactlyInAnyOrder("foo-bar", "foo", "bar");
        assertThat(SearchLexemes.of("'a' <3> 'b'").required()).containsExactlyInAnyOrder("a", "b");
        assertThat(SearchLexemes.of("'a' & 'b'").single()).isFalse();
    }

    @Test
    void words_joined_by_and_alone_are_a_conjunction_whose_matches_need_no_other_test() {
        assertThat(SearchLexemes.of("'word42'").conjunction()).isTrue();
        assertThat(SearchLexemes.of("'a' & 'b' & 'c'").conjunction()).isTrue();
        for (String text : new String[] {"'a' <-> 'b'", "'a' & 'b' <-> 'c'", "'a' & !'b'", "'a' | 'b'", "'a' & ( 'b' )",
                "'a' & 'b':*", "'a':* & 'b'", "'a' & 'b' | 'a' & 'c'", "!'a'"}) {
            assertThat(SearchLexemes.of(text).conjunction()).as(text).isFalse();
        }
        assertThat(SearchLexemes.NONE.conjunction()).isFalse();
    }

    @Test
    void words_as_alternatives_are_each_of_them() {
        assertThat(SearchLexemes.of("'a' | 'b' | 'c'").anyWord()).containsExactly("a", "b", "c");
        for (String text : new String[] {"'a'", "'a' & 'b'", "'a' | 'b' & 'c'", "'a' | 'd' <-> 'e'", "'a' | !'b'",
                "'a' | 'b':*", "'x' & ( 'a' | 'b' )", "( 'a' | 'b' )", "'a' |"}) {
            assertThat(SearchLexemes.of(text).anyWord()).as(text).isEmpty();
        }
    }

    @Test
    void every_word_the_search_names_is_named_whether_required_alternative_or_excluded() {
        assertThat(SearchLexemes.of("'a' & !'b' & ( 'c' | 'd' <-> 'e' )").named())
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(SearchLexemes.of("!'a'").named()).containsExactly("a");
        // A prefix stands for other words.
        assertThat(SearchLexemes.of("'a' & 'b':*").named()).containsExactly("a");
        assertThat(SearchLexemes.NONE.named()).isEmpty();
        assertThat(SearchLexemes.of("'a' &").named()).isEmpty();
    }

    @Test
    void an_alternative_requires_only_the_words_both_sides_require() {
        assertThat(SearchLexemes.of("'a' | 'b'").required()).isEmpty();
        assertThat(SearchLexemes.of("'a' & 'b' | 'a' & 'c'").required()).containsExactly("a");
        assertThat(SearchLexemes.of("'x' & ( 'a' | 'b' )").required()).containsExactly("x");
    }

    @Test
    void and_binds_tighter_than_or_and_phrases_tighter_than_and() {
        // (a & b) | c: nothing is required; read as a & (b | c), "a" would be.
        assertThat(SearchLexemes.of("'a' & 'b' | 'c'").required()).isEmpty();
        assertThat(SearchLexemes.of("'c' | 'a' & 'b'").required()).isEmpty();
        assertThat(SearchLexemes.of("'a' <-> 'b' & 'c' | 'a' <-> 'd'").required()).containsExactly("a");
    }

    @Test
    void an_excluded_word_is_not_required() {
        assertThat(SearchLexemes.of("'a' & !'b'").required()).containsExactly("a");
        assertThat(SearchLexemes.of("!'b'").required()).isEmpty();
        assertThat(SearchLexemes.of("!( 'a' & 'b' ) & 'c'").required()).containsExactly("c");
        assertThat(SearchLexemes.of("!'a' <-> 'b'").required()).containsExactly("b");
    }

    @Test
    void a_prefix_or_a_weighted_word_is_not_walked() {
        assertThat(SearchLexemes.of("'pre':*").required()).isEmpty();
        assertThat(SearchLexemes.of("'pre':* & 'b'").required()).containsExactly("b");
        assertThat(SearchLexemes.of("'w':AB & 'b':*A").required()).isEmpty();
    }

    @Test
    void quotes_and_backslashes_inside_a_word_are_read_undoubled() {
        SearchLexemes quoted = SearchLexemes.of("'it''s' & 'a\\\\b' & '|&!()'");

        assertThat(quoted.required()).containsExactlyInAnyOrder("it's", "a\\b", "|&!()");
    }

    @Test
    void text_that_is_not_a_tsquery_requires_nothing() {
        for (String text : new String[] {"", " ", "'open", "'a' &", "'a' 'b'", "( 'a'", "'a' )", "a & b", "'a' <x> 'b'",
                "'a' <-", "| 'a'"}) {
            assertThat(SearchLexemes.of(text)).as(text).isEqualTo(SearchLexemes.NONE);
        }
    }
}
