package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a search's words are read, as PostgreSQL's {@code stet_search_words} and
 * {@code stet_search_query_text} (V31) read them before the vectors and the searches are
 * made: a letter, a mark or a digit is part of a word (an unassigned code point too); an
 * invisible format character (a soft hyphen, a joiner, a direction mark) is dropped; every
 * other character (punctuation, symbols, spaces, controls, the zero-width space) separates
 * words. A search is read into terms: words joined by such characters without white space
 * ({@code e-mail}, {@code example.com/path}) make a phrase, as do the words of a
 * {@code "quoted phrase"}; a {@code -} that starts a term or an opening quote excludes it (a
 * lone one is nothing); {@code or} between two terms makes them alternatives (one at either
 * end, or doubled, is dropped). The list's estimates read a search through it
 * ({@link WordFrequencies}); SearchReadingIT checks that both readings agree.
 */
final class SearchText {

    /** The zero-width space: a format character, but one that separates words. */
    private static final int ZERO_WIDTH_SPACE = 0x200B;

    /** One term: a word, or the words of a phrase, excluded or not; or the operator "or" (no words). */
    record Term(List<String> words, boolean excluded, boolean quoted) {

        static final Term OR = new Term(List.of(), false, false);

        Term {
            words = List.copyOf(words);
        }

        boolean or() {
            return words.isEmpty();
        }

        /** As websearch_to_tsquery is to read it. */
        String text() {
            if (or()) {
                return "or";
            }
            boolean bare = words.size() == 1 && !isOr(words.get(0));
            return (excluded ? "-" : "") + (bare ? words.get(0) : "\"" + String.join(" ", words) + "\"");
        }
    }

    private SearchText() {
    }

    /** The terms of {@code typed}, folded ({@link SearchFold}), in order. */
    static List<Term> terms(String typed) {
        String search = SearchFold.fold(typed);
        List<Term> terms = new ArrayList<>();
        List<String> words = new ArrayList<>();
        boolean excluded = false;
        boolean quoted = false;
        boolean termStart = true;
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < search.length(); i += Character.charCount(search.codePointAt(i))) {
            int c = search.codePointAt(i);
            if (ignored(c)) {
                continue;
            }
            if (!separates(c)) {
                word.appendCodePoint(c);
                termStart = false;
                continue;
            }
            if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
            if (c == '"') {
                // A quote ends the term or phrase before it; a "-" just before an opening one excludes the phrase.
                if (quoted || !words.isEmpty()) {
                    add(terms, words, excluded, quoted);
                    words = new ArrayList<>();
                    excluded = false;
                }
                quoted = !quoted;
                termStart = !quoted;
            } else if (quoted) {
                // Inside a phrase every other character separates words, a "-" too.
                continue;
            } else if (space(c)) {
                add(terms, words, excluded, false);
                words = new ArrayList<>();
                excluded = false;
                termStart = true;
            } else if (c == '-' && termStart) {
                excluded = true;
                termStart = false;
            } else {
                termStart = false;
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        add(terms, words, excluded, quoted);
        // "or" only between two terms: dropped at the start, at the end and when doubled.
        List<Term> kept = new ArrayList<>();
        for (Term term : terms) {
            if (!term.or() || !kept.isEmpty() && !kept.get(kept.size() - 1).or()) {
                kept.add(term);
            }
        }
        if (!kept.isEmpty() && kept.get(kept.size() - 1).or()) {
            kept.remove(kept.size() - 1);
        }
        return kept;
    }

    /** The search as PostgreSQL's {@code stet_search_query_text} writes it for websearch_to_tsquery. */
    static String query(String typed) {
        return String.join(" ", terms(typed).stream().map(Term::text).toList());
    }

    private static void add(List<Term> terms, List<String> words, boolean excluded, boolean quoted) {
        if (words.isEmpty()) {
            return;
        }
        boolean operator = !quoted && !excluded && words.size() == 1 && isOr(words.get(0));
        terms.add(operator ? Term.OR : new Term(words, excluded, quoted));
    }

    private static boolean isOr(String word) {
        return word.toLowerCase(Locale.ROOT).equals("or");
    }

    /** Whether {@code c} separates words: punctuation, symbols, separators, controls, private use, the zero-width space. */
    static boolean separates(int c) {
        if (c == ZERO_WIDTH_SPACE) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** Whether {@code c} is dropped: an invisible format character other than the zero-width space. */
    static boolean ignored(int c) {
        return c != ZERO_WIDTH_SPACE && Character.getType(c) == Character.FORMAT;
    }

    /** Whether {@code c} is white space, which ends a term. */
    private static boolean space(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
