package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import stet.record.RecordListStore.Walk;
import stet.record.RecordListStore.WalkTest;

/**
 * How far a search in another order than the list's own walks before it asks the word index,
 * and how each record walked is tested ({@link RecordListStore#walk}), among 10^6 records, for
 * a page of 51.
 */
class WalkLengthTest {

    static final double VECTORS = 1_000_000;
    static final int PAGE = 51;
    static final int WALK = RecordListStore.SEARCH_WALK;

    /** 30%, 7%, 5%, 2.5%, 1.2%, 1%, 0.5% and 0.1% of the records; "rare" is the rarest listed. */
    private final WordFrequencies stats = WordFrequencies.of(
            new String[] {"common", "seven", "five", "quarter", "more", "one", "half", "rare"},
            new Float[] {0.3f, 0.07f, 0.05f, 0.025f, 0.012f, 0.01f, 0.005f, 0.001f, 0.001f, 0.3f}, VECTORS);

    @Test
    void without_statistics_every_search_walks_the_usual_length() {
        assertThat(RecordListStore.walk(WordFrequencies.UNKNOWN, "one", word("one", WordFrequencies.UNKNOWN), null, PAGE))
                .isEqualTo(new Walk(WALK, WalkTest.WORD_ROW));
        assertThat(RecordListStore.walk(WordFrequencies.UNKNOWN, "one rare", null, null, PAGE))
                .isEqualTo(new Walk(WALK, WalkTest.VECTOR));
    }

    @Test
    void a_common_word_walks_a_quarter_of_its_records_each_looked_up_so_that_matches_far_along_are_found() {
        // 51 / 30% = 170 records a page; a quarter of its 300,000 records is 75,000: so 128,000.
        assertThat(walk("common", stats)).isEqualTo(new Walk(64 * WALK, WalkTest.WORD_ROW));
        // 70,000 records are more than a set is read for: 51 / 7% = 729 a page, a quarter is 17,500.
        assertThat(walk("seven", stats)).isEqualTo(new Walk(16 * WALK, WalkTest.WORD_ROW));
    }

    @Test
    void a_word_a_page_needs_few_of_is_looked_up_record_by_record_rather_than_read_whole() {
        // 51 / 5% = 1,020 records a page: fewer lookups than a sixteenth of its 50,000 records read
        // into a set would cost. Two pages' worth, or a quarter of its records: 16,000.
        assertThat(walk("five", stats)).isEqualTo(new Walk(8 * WALK, WalkTest.WORD_ROW));
    }

    @Test
    void a_word_in_a_few_thousand_records_is_read_into_a_set_and_walked_two_pages_worth_or_a_quarter_of_them() {
        // 51 / 2.5% = 2,040 a page, two pages 4,080; a quarter of its 25,000 records is 6,250: so 8,000.
        assertThat(walk("quarter", stats)).isEqualTo(new Walk(4 * WALK, WalkTest.WORD_SET));
        // 51 / 1.2% = 4,250 a page, two pages 8,500: so 16,000.
        assertThat(walk("more", stats)).isEqualTo(new Walk(8 * WALK, WalkTest.WORD_SET));
        // 5,100 a page, two pages 10,200.
        assertThat(walk("one", stats)).isEqualTo(new Walk(8 * WALK, WalkTest.WORD_SET));
        // 10,200 a page, twice its 5,000 records: still less than four times.
        assertThat(walk("half", stats)).isEqualTo(new Walk(16 * WALK, WalkTest.WORD_SET));
    }

    @Test
    void a_word_whose_page_needs_a_walk_of_more_than_four_times_its_records_is_not_walked() {
        // 51 / 0.1% = 51,000 walked for a page of its 1,000 records: fetching them costs less.
        assertThat(walk("rare", stats)).isEqualTo(Walk.NONE);
        // A word not listed is counted as the rarest listed one, and never read into a set.
        assertThat(walk("unlisted", stats)).isEqualTo(Walk.NONE);
    }

    @Test
    void in_a_small_collection_a_word_is_walked_the_usual_length() {
        // 3,000 records, 300 of them holding "tenth": 510 a page.
        WordFrequencies few = WordFrequencies.of(new String[] {"tenth"}, new Float[] {0.1f, 0.1f, 0.1f}, 3_000);
        assertThat(walk("tenth", few)).isEqualTo(new Walk(WALK, WalkTest.WORD_SET));
    }

    @Test
    void no_walk_is_longer_than_the_longest() {
        // 1,500,000 of 10^10 records: 340,000 a page, two pages 680,000, more than the longest walk.
        WordFrequencies huge = WordFrequencies.of(new String[] {"some"}, new Float[] {0.00015f, 0.00015f, 0.00015f}, 1e10);
        assertThat(walk("some", huge)).isEqualTo(new Walk(RecordListStore.MAX_WALK, WalkTest.WORD_ROW));
    }

    @Test
    void a_search_of_several_words_walks_by_its_rarest_word_set_or_tests_each_vector() {
        // "five", the rarest, is in 50,000 records, and a page needs 1,020: the usual walk, each vector tested.
        assertThat(RecordListStore.walk(stats, "common five", several("five", stats), null, PAGE))
                .isEqualTo(new Walk(WALK, WalkTest.VECTOR));
        // "one" is in 10,000, and a page needs at most 5,100: the walk keeps the records in its set, each
        // then tested against the search.
        assertThat(RecordListStore.walk(stats, "one five", several("one", stats), null, PAGE))
                .isEqualTo(new Walk(8 * WALK, WalkTest.WORD_SET));
        // No word every match holds.
        assertThat(RecordListStore.walk(stats, "one or rare", null, null, PAGE)).isEqualTo(Walk.NONE);
    }

    @Test
    void alternatives_are_walked_through_the_sets_of_their_words_when_all_are_listed_and_few() {
        // "one or half": 1.5% of the records, 15,000 in the two sets; 3,400 a page, two pages 6,800.
        assertThat(RecordListStore.walk(stats, "one or half", null, List.of(word("one", stats), word("half", stats)), PAGE))
                .isEqualTo(new Walk(4 * WALK, WalkTest.ANY_WORD_SET));
        // "common" is in too many records for a set: the usual rule (170 a page, within 2,000).
        assertThat(RecordListStore.walk(stats, "one or common", null, List.of(word("one", stats), word("common", stats)),
                PAGE)).isEqualTo(new Walk(WALK, WalkTest.VECTOR));
    }

    private static Walk walk(String search, WordFrequencies stats) {
        return RecordListStore.walk(stats, search, word(search, stats), null, PAGE);
    }

    private static RecordListStore.Word word(String search, WordFrequencies stats) {
        return new RecordListStore.Word(DSL.param("word", search), true, stats.wordCount(search), stats.lists(search));
    }

    private static RecordListStore.Word several(String rarest, WordFrequencies stats) {
        return new RecordListStore.Word(DSL.param("word", rarest), false, stats.wordCount(rarest), stats.lists(rarest));
    }
}
