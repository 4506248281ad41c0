package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordSuggestionTest {

    @Test
    void edits_to_different_words_of_one_line_are_suggested_merged() {
        LineMergeResult r = LineMerge.merge(
                "Price: 10 EUR, in stock\n", "Price: 12 EUR, in stock\n", "Price: 10 EUR, sold out\n");
        MergeHunk conflict = r.hunks().stream().filter(MergeHunk::isConflict).findFirst().orElseThrow();
        assertThat(conflict.wordSuggestion()).hasValue("Price: 12 EUR, sold out\n");
    }

    @Test
    void edits_to_the_same_word_get_no_suggestion() {
        LineMergeResult r = LineMerge.merge("Owner: alice\n", "Owner: bob\n", "Owner: carol\n");
        assertThat(r.hunks()).filteredOn(MergeHunk::isConflict).singleElement()
                .satisfies(h -> assertThat(h.wordSuggestion()).isEmpty());
    }

    @Test
    void edits_to_touching_words_get_no_suggestion() {
        LineMergeResult r = LineMerge.merge("a-b\n", "X-b\n", "a-Y\n");
        // "a", "-", "b": the edits are one token apart, so this one merges...
        assertThat(r.hunks()).filteredOn(MergeHunk::isConflict).singleElement()
                .satisfies(h -> assertThat(h.wordSuggestion()).hasValue("X-Y\n"));
        // ...while "ab" is one word changed on both sides.
        LineMergeResult same = LineMerge.merge("ab cd\n", "aX cd\n", "aY cd\n");
        assertThat(same.hunks()).filteredOn(MergeHunk::isConflict).singleElement()
                .satisfies(h -> assertThat(h.wordSuggestion()).isEmpty());
    }

    @Test
    void stable_hunks_have_no_suggestion() {
        LineMergeResult r = LineMerge.merge("a\nb\n", "a\nc\n", "a\nb\n");
        assertThat(r.hunks()).allSatisfy(h -> assertThat(h.wordSuggestion()).isEmpty());
    }

    @Test
    void multi_line_conflicts_merge_word_edits_across_lines() {
        LineMergeResult r = LineMerge.merge(
                "The quick brown fox\njumps over the dog\n",
                "The quick red fox\njumps over the dog\n",
                "The quick brown fox\nleaps over the dog\n");
        assertThat(r.conflictCount()).isEqualTo(1);
        assertThat(r.hunks()).filteredOn(MergeHunk::isConflict).singleElement()
                .satisfies(h -> assertThat(h.wordSuggestion()).hasValue("The quick red fox\nleaps over the dog\n"));
    }
}
