package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * How far a search in another order than the list's own walks before it asks the word index
 * ({@link RecordListStore#walkLength}), among 10^6 records, for a page of 51.
 */
class WalkLengthTest {

    static final double VECTORS = 1_000_000;
    static final int PAGE = 51;

    /** 30%, 5%, 1.2%, 1%, 0.5% and 0.1% of the records; "rare" is the rarest listed. */
    private final WordFrequencies stats = WordFrequencies.of(new String[] {"common", "five", "more", "one", "half", "rare"},
            new Float[] {0.3f, 0.05f, 0.012f, 0.01f, 0.005f, 0.001f, 0.001f, 0.3f}, VECTORS);

    @Test
    void without_statistics_every_search_walks_the_usual_length() {
        assertThat(RecordListStore.walkLength(WordFrequencies.UNKNOWN, "one", word("one", WordFrequencies.UNKNOWN), PAGE))
                .isEqualTo(RecordListStore.SEARCH_WALK);
        assertThat(RecordListStore.walkLength(WordFrequencies.UNKNOWN, "one rare", null, PAGE))
                .isEqualTo(RecordListStore.SEARCH_WALK);
    }

    @Test
    void a_common_word_walks_a_quarter_of_its_records_so_that_matches_far_along_the_order_are_found() {
        // 51 / 30% = 170 records a page; a quarter of its 300,000 records is 75,000: so 128,000.
        assertThat(length("common", stats)).isEqualTo(64 * RecordListStore.SEARCH_WALK);
    }

    @Test
    void a_word_walks_two_pages_worth_or_a_quarter_of_its_records_rounded_up_to_a_power_of_two_steps() {
        // 51 / 5% = 1,020 records a page, two pages 2,040; a quarter of its 50,000 records is 12,500: so 16,000.
        assertThat(length("five", stats)).isEqualTo(8 * RecordListStore.SEARCH_WALK);
    }

    @Test
    void a_word_walks_in_steps_that_double() {
        // 51 / 1.2% = 4,250 a page, two pages 8,500 (a quarter of its 12,000 records is less): so 16,000.
        assertThat(length("more", stats)).isEqualTo(8 * RecordListStore.SEARCH_WALK);
    }

    @Test
    void a_word_whose_page_needs_more_than_half_its_records_is_not_walked() {
        // 51 / 1% = 5,100 walked for a page, of its 10,000 records.
        assertThat(length("one", stats)).isZero();
        assertThat(length("half", stats)).isZero();
        assertThat(length("rare", stats)).isZero();
        // A word not listed is counted as the rarest listed one.
        assertThat(length("unlisted", stats)).isZero();
    }

    @Test
    void a_word_a_page_needs_most_of_walks_the_usual_length_when_that_fills_a_page() {
        // 3,000 records, 300 of them holding "tenth": 510 a page, more than half of them, within 2,000.
        WordFrequencies few = WordFrequencies.of(new String[] {"tenth"}, new Float[] {0.1f, 0.1f, 0.1f}, 3_000);
        assertThat(length("tenth", few)).isEqualTo(RecordListStore.SEARCH_WALK);
    }

    @Test
    void no_walk_is_longer_than_the_longest() {
        // 1,500,000 of 10^10 records: 340,000 a page, two pages 680,000, more than the longest walk.
        WordFrequencies huge = WordFrequencies.of(new String[] {"some"}, new Float[] {0.00015f, 0.00015f, 0.00015f}, 1e10);
        assertThat(length("some", huge)).isEqualTo(RecordListStore.MAX_WALK);
    }

    @Test
    void a_search_of_several_words_walks_the_usual_length_or_not_at_all() {
        assertThat(RecordListStore.walkLength(stats, "common five", null, PAGE)).isEqualTo(RecordListStore.SEARCH_WALK);
        assertThat(RecordListStore.walkLength(stats, "one five", null, PAGE)).isZero();
    }

    private static int length(String search, WordFrequencies stats) {
        return RecordListStore.walkLength(stats, search, word(search, stats), PAGE);
    }

    private static RecordListStore.Word word(String search, WordFrequencies stats) {
        return new RecordListStore.Word(DSL.param("word", search), true, stats.wordCount(search));
    }
}
