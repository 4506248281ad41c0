package stet.record;

import java.time.Instant;
import java.util.Map;
import stet.merge.ConflictRegion;

/**
 * The suggestion for each conflict of a merge page: how the same conflict (the same three
 * texts) was resolved before in the collection, else the engine's ({@link ConflictRegion#suggestion()}).
 */
public record MergeSuggestions(Map<String, RememberedResolution> remembered, Instant now) {

    /**
     * The choice suggested for a conflict, and why.
     *
     * @param choice one of {@link MergePage#HUNK_CHOICES}
     * @param reason {@code words}, {@code both-inserted} or {@code remembered}
     * @param note the reason in words
     */
    public record Suggestion(String choice, String reason, String note) {}

    /** How the conflict with these three texts was resolved before, or null. */
    RememberedResolution remembered(String original, String theirs, String yours) {
        return remembered.isEmpty() ? null : remembered.get(RememberedResolutions.key(original, theirs, yours));
    }

    /**
     * The suggestion for a conflict whose choices give {@code texts}: {@code earlier} (an
     * earlier resolution of it, or null) as the choice giving its text, else the engine's.
     */
    Suggestion of(RememberedResolution earlier, Map<String, String> texts, ConflictRegion.Suggestion engine) {
        if (earlier != null) {
            String choice = texts.entrySet().stream().filter(e -> e.getValue().equals(earlier.text()))
                    .map(Map.Entry::getKey).findFirst().orElse("remembered");
            return new Suggestion(choice, "remembered", earlier.describe(now));
        }
        if (engine == null) {
            return null;
        }
        return switch (engine.reason()) {
            case WORDS -> new Suggestion("words", "words", "the two changes touch different words; this keeps both");
            case BOTH_INSERTED -> new Suggestion("yours_theirs", "both-inserted",
                    "both sides only added lines here; this keeps both additions");
        };
    }
}
