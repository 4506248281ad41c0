package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordFrequenciesTest {

    private final WordFrequencies stats = WordFrequencies.of(new String[] {"common", "plain", "rare"},
            new Float[] {0.3f, 0.9f, 0.001f, 0.001f, 0.9f});

    @Test
    void a_listed_word_is_as_frequent_as_the_statistics_say_whatever_its_case() {
        assertThat(stats.share("Common")).isCloseTo(0.3, within(1e-6));
    }

    @Test
    void a_word_not_listed_is_bounded_by_the_rarest_listed_word() {
        assertThat(stats.share("zebra")).isCloseTo(0.001, within(1e-6));
    }

    @Test
    void words_that_must_all_match_are_as_frequent_as_the_rarest_of_them() {
        assertThat(stats.share("plain common")).isCloseTo(0.3, within(1e-6));
        assertThat(stats.share("\"plain rare\"")).isCloseTo(0.001, within(1e-6));
    }

    @Test
    void alternatives_add_up() {
        assertThat(stats.share("rare or common")).isCloseTo(0.301, within(1e-6));
        assertThat(stats.share("plain OR common")).isEqualTo(1.0);
    }

    @Test
    void an_excluded_word_or_phrase_does_not_narrow_the_estimate() {
        assertThat(stats.share("common -rare")).isCloseTo(0.3, within(1e-6));
        assertThat(stats.share("common -\"rare plain\"")).isCloseTo(0.3, within(1e-6));
        assertThat(stats.share("-rare")).isEqualTo(1.0);
    }

    @Test
    void a_hyphen_inside_a_word_separates_its_parts_and_excludes_nothing() {
        assertThat(WordFrequencies.groups("e-mail rare")).containsExactly(List.of("e", "mail", "rare"));
        assertThat(WordFrequencies.groups("a -b c")).containsExactly(List.of("a", "c"));
    }

    @Test
    void words_are_read_in_the_spelling_the_vectors_keep() {
        assertThat(WordFrequencies.groups("ΚΑΦΈΣ Straße ﬁne Cafe\u0301 ＦＵＬＬ"))
                .containsExactly(List.of("καφέσ", "strasse", "fine", "caf\u00e9", "full"));
    }

    @Test
    void or_inside_a_phrase_is_a_word() {
        assertThat(WordFrequencies.groups("\"this or that\"")).containsExactly(List.of("this", "or", "that"));
    }

    @Test
    void a_words_records_are_its_share_of_the_vectors_counted_and_unknown_before_they_are_counted() {
        WordFrequencies counted = WordFrequencies.of(new String[] {"common", "rare"}, new Float[] {0.3f, 0.001f}, 1_000_000);

        assertThat(counted.wordCount("common")).isCloseTo(300_000, within(1.0));
        assertThat(counted.wordCount("zebra")).as("not listed: at most the rarest").isCloseTo(1_000, within(0.1));
        assertThat(stats.wordCount("common")).isNaN();
        assertThat(WordFrequencies.of(new String[] {"a"}, new Float[] {0.5f}, -1).wordCount("a"))
                .as("reltuples of a table never analyzed").isNaN();
    }

    @Test
    void without_statistics_nothing_is_known() {
        assertThat(WordFrequencies.UNKNOWN.share("rare")).isNaN();
        assertThat(WordFrequencies.UNKNOWN.wordShare("rare")).isNaN();
        assertThat(WordFrequencies.of(null, null)).isEqualTo(WordFrequencies.UNKNOWN);
        assertThat(WordFrequencies.of(new String[] {"a"}, new Float[0])).isEqualTo(WordFrequencies.UNKNOWN);
    }
}
