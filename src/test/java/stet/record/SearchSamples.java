package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts made of tricky pieces, the same ones at every run, for comparing stet's Java reading of a search with PostgreSQL's. */
final class SearchSamples {

    private SearchSamples() {
    }

    /** {@code count} texts of fewer than {@code most} pieces each, drawn with {@code seed}. */
    static List<String> of(List<String> pieces, int count, int most, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(most); i > 0; i--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
