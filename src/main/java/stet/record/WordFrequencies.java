package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often words occur in the records' search vectors, as PostgreSQL's statistics last
 * saw them ({@code ANALYZE} keeps the most common words of a {@code tsvector} column with
 * their frequencies in {@code pg_stats}), and what share of the records a search is
 * therefore expected to match. A search uses it to choose its plan without a query
 * (see {@link RecordListStore#list}).
 *
 * <p>The estimate reads a search the way the list does ({@link SearchText}): words
 * folded ({@link SearchFold}) and lower-cased, as the vectors keep them, phrases, {@code or}
 * between alternatives and a leading {@code -} for a word or phrase that must not occur. A record matching a group of words holds every
 * one of them, so a group is at most as frequent as its rarest word; alternatives add up;
 * excluded words narrow a search by an unknown amount and are left out, so the estimate
 * never comes out lower for them. A word missing from the statistics is at most as
 * frequent as the rarest word they list: they keep the most frequent ones.
 *
 * @param frequencies the share of records holding each listed word
 * @param rarest the smallest listed share, which bounds every word not listed
 * @param vectors how many vectors there were when PostgreSQL last counted (NaN when unknown)
 */
public record WordFrequencies(Map<String, Float> frequencies, float rarest, double vectors) {

    /** No statistics yet (the table was never analyzed): nothing is known. */
    public static final WordFrequencies UNKNOWN = new WordFrequencies(Map.of(), Float.NaN, Double.NaN);

    public WordFrequencies {
        frequencies = Map.copyOf(frequencies);
    }

    /** The words and shares PostgreSQL lists, in its order (the shares may be longer: it appends a minimum and maximum). */
    public static WordFrequencies of(String[] words, Float[] shares) {
        return of(words, shares, Double.NaN);
    }

    /** {@link #of(String[], Float[])} with the number of vectors ({@code pg_class.reltuples}; negative when unknown). */
    public static WordFrequencies of(String[] words, Float[] shares, double vectors) {
        if (words == null || shares == null || words.length == 0 || shares.length < words.length) {
            return UNKNOWN;
        }
        Map<String, Float> frequencies = new HashMap<>();
        float rarest = 1f;
        for (int i = 0; i < words.length; i++) {
            frequencies.put(words[i], shares[i]);
            rarest = Math.min(rarest, shares[i]);
        }
        return new WordFrequencies(frequencies, rarest, vectors >= 0 ? vectors : Double.NaN);
    }

    /** The expected share (0 to 1) of records that {@code search} matches; NaN when unknown. */
    public double share(String search) {
        if (Float.isNaN(rarest)) {
            return Double.NaN;
        }
        double total = 0;
        for (List<String> group : groups(search)) {
            double groupShare = 1;
            for (String word : group) {
                groupShare = Math.min(groupShare, frequencies.getOrDefault(word, rarest));
            }
            total += groupShare;
        }
        return Math.min(1, total);
    }

    /** The share (0 to 1) of records holding {@code word}, a lexeme as the vectors keep it; NaN when unknown. */
    public double wordShare(String word) {
        return Float.isNaN(rarest) ? Double.NaN : frequencies.getOrDefault(word, rarest);
    }

    /** Whether the statistics list {@code word} (a word they do not list is only bounded by the rarest they do). */
    public boolean lists(String word) {
        return frequencies.containsKey(word);
    }

    /**
     * About how many records hold {@code word} (at most: a word not listed is counted as
     * the rarest listed one); NaN when unknown.
     */
    public double wordCount(String word) {
        return wordShare(word) * vectors;
    }

    /**
     * The search's alternatives, each as the words a match must hold (excluded words left
     * out). An alternative of excluded words only is an empty group: it matches most records.
     */
    static List<List<String>> groups(String typed) {
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        for (SearchText.Term term : SearchText.terms(typed)) {
            if (term.or()) {
                groups.add(group);
                group = new ArrayList<>();
            } else if (!term.excluded()) {
                for (String word : term.words()) {
                    // Lower case makes a final sigma again (Java follows Unicode's context rule): fold it once more.
                    group.add(SearchFold.fold(word.toLowerCase(Locale.ROOT)));
                }
            }
        }
        groups.add(group);
        return groups;
    }
}
