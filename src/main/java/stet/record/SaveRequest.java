package stet.record;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A save as submitted, from an edit form or a merge page's form.
 *
 * @param id the record
 * @param version the version the form started from (on a merge page: theirs)
 * @param token the form's version token
 * @param form every posted field with its values
 * @param comment the author's comment, or null
 * @param mergeBase on a merge page's form, the original version of that merge; else null
 * @param mergeKind on a merge page's form, what saving it records (MERGE, REVERT or UNDO); on the edit form of
 *     an admin's revert or undo refused for its values, REVERT or UNDO; else null
 * @param onStale what to do when someone saved after {@code version}
 * @param idempotencyKey the key the form or the API request carries, or null: the same key
 *     again is the same request sent again, saved once (see {@link StaleSave})
 */
public record SaveRequest(long id, int version, String token, Map<String, List<String>> form, String comment,
        Integer mergeBase, Revision.Kind mergeKind, OnStale onStale, String idempotencyKey) {

    /** What a save does when someone saved after the version it started from. */
    public enum OnStale {
        /** Merge; a clean merge is saved, unless the collection asks for confirmation (the edit form). */
        MERGE,
        /**
         * Merge; a clean merge is saved even where the collection asks for confirmation, because
         * the request itself asked for the merge (the API's {@code Prefer: merge}).
         */
        MERGE_CONFIRMED,
        /** Never merge: nothing is saved and the answer is {@link SaveOutcome.Stale} (the API's plain If-Match). */
        REFUSE
    }

    /** The longest idempotency key a write takes, in characters (a form's, or the API's header). */
    public static final int MAX_IDEMPOTENCY_KEY = 100;

    public SaveRequest {
        Objects.requireNonNull(onStale, "onStale");
    }

    /** A form's save: a stale one is merged. */
    public SaveRequest(long id, int version, String token, Map<String, List<String>> form, String comment,
            Integer mergeBase, Revision.Kind mergeKind) {
        this(id, version, token, form, comment, mergeBase, mergeKind, OnStale.MERGE, null);
    }

    /** This request, carrying idempotency key {@code key} (at most 100 characters; blank: none). */
    public SaveRequest withIdempotencyKey(String key) {
        return new SaveRequest(id, version, token, form, comment, mergeBase, mergeKind, onStale,
                WriteChecks.idempotencyKey(key));
    }

    /**
     * A save from {@code version} as its author names it, without a form token (see
     * {@link RecordService#saveAsOf}): the API's {@code PUT} and {@code PATCH}.
     */
    public static SaveRequest asOf(long id, int version, Map<String, List<String>> form, String comment, OnStale onStale) {
        return new SaveRequest(id, version, null, form, comment, null, null, onStale, null);
    }

    /**
     * What saving this request records when it does not merge: an update, or the revert or undo
     * an admin's edit form corrects (one refused for its values; only admins may post the kind).
     */
    Revision.Kind kindOfEdit() {
        return mergeKind == Revision.Kind.REVERT || mergeKind == Revision.Kind.UNDO ? mergeKind : Revision.Kind.UPDATE;
    }

    /** What saving this request records when it merges: a merge unless a merge page said otherwise. */
    Revision.Kind kindOfMerge() {
        return mergeKind == null ? Revision.Kind.MERGE : mergeKind;
    }
}
