package stet.record;

import java.text.Normalizer;

/**
 * The one spelling a search and the records' words are compared in, as PostgreSQL's
 * {@code stet_search_fold} (V25) writes it: Unicode's compatibility composition (NFKC),
 * "ß" and its capital as "ss", and the final sigma as σ. The list's estimates read a
 * search's words through it, so that they name the words the vectors hold.
 */
final class SearchFold {

    private SearchFold() {
    }

    static String fold(String text) {
        String composed = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return composed.replace("ß", "ss").replace("ẞ", "ss").replace('ς', 'σ');
    }
}
