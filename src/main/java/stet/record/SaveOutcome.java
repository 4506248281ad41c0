package stet.record;

import java.util.List;
import java.util.Map;
import stet.lease.Lease;
import stet.merge.RecordMergeResult;
import stet.schema.Collection;
import stet.schema.Validation;

/**
 * What a save came to: an edit form's save, a merge page's resolution, or an admin's
 * revert or undo. Callers answer it through {@link #accept}, whose {@link Visitor} has
 * one method per case, so a new case does not compile until every caller decides what
 * it means.
 */
public sealed interface SaveOutcome {

    /** Runs the visitor's method for this case and returns what it returns. */
    <R> R accept(Visitor<R> visitor);

    /** One method per case of a {@link SaveOutcome}. */
    interface Visitor<R> {
        R saved(Saved saved);

        R unchanged(Unchanged unchanged);

        R invalid(Invalid invalid);

        R conflict(Conflict conflict);

        R deleted(Deleted deleted);

        R held(Held held);

        R stale(Stale stale);
    }

    /**
     * Saved as a new version: {@code record} is that version as written (never read
     * again after the commit, so never someone else's later one); {@code changedFields}
     * lists what changed. {@code merge} says what an automatic merge did when the save
     * had to be merged, else null. {@code collection} is the definition it was saved
     * under, so answering needs no further query.
     */
    record Saved(StoredRecord record, List<String> changedFields, MergeSummary merge, Collection collection)
            implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.saved(this);
        }
    }

    /** Nothing differed from the saved version, so nothing was written. */
    record Unchanged(StoredRecord record) implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.unchanged(this);
        }
    }

    /**
     * Not saved: a message per invalid field. The input is kept as typed; {@code version},
     * {@code mergeBase} and {@code mergeKind} are what the form carried, so it can be shown
     * again as it was (a corrected revert or undo is still recorded as one). An admin's revert
     * or undo refused before any merge carries its kind with no {@code mergeBase}.
     */
    record Invalid(StoredRecord record, Validation.Result validation, int version, Integer mergeBase,
            Revision.Kind mergeKind) implements SaveOutcome {

        /** Refused values of a form that resolved no merge. */
        Invalid(StoredRecord record, Validation.Result validation, int version) {
            this(record, validation, version, null, null);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invalid(this);
        }
    }

    /**
     * Not saved: someone saved after {@code original}, and the changes need the user's
     * decision (or, with {@code confirmOnly}, they merged cleanly but the collection
     * asks for confirmation). The merge page shows the original, theirs and yours.
     *
     * @param theirs the saved version the page merges with
     * @param original the version the user started from
     * @param yours the user's values
     * @param merge the merge of the three
     * @param comment the user's comment
     * @param confirmOnly the merge is clean and only waits for confirmation
     * @param posted a merge page's form as submitted, when it comes back with messages; else null
     * @param errors a message per field still undecided
     * @param kind what saving the page records: a merge, or an admin's revert or undo
     * @param removed what a merge page that came back held for fields an admin removed while it
     *     was open, per key (see {@link Resolution#removed}): shown to copy; empty otherwise
     */
    record Conflict(StoredRecord theirs, Revision original, Map<String, String> yours, RecordMergeResult merge,
            String comment, boolean confirmOnly, Map<String, List<String>> posted, Map<String, String> errors,
            Revision.Kind kind, Map<String, String> removed) implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conflict(this);
        }
    }

    /** Not saved: the record was deleted after {@code baseVersion}. {@code yours} is the input as typed. */
    record Deleted(StoredRecord current, int baseVersion, Map<String, String> yours, String comment)
            implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deleted(this);
        }
    }

    /**
     * Not saved: the collection is exclusive and another user holds the record's lease.
     * The request is kept whole (the form as typed, or a merge page's choices), so the
     * page can be shown again with nothing lost, to be saved once the lease is free.
     * {@code merge}: when the form started from an older version, the merge page it gives
     * (nothing saved); else null.
     */
    record Held(StoredRecord current, Lease lease, SaveRequest request, Conflict merge) implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.held(this);
        }
    }

    /**
     * Not saved: someone saved after {@code baseVersion} (or the record never had it), and the
     * request asked not to be merged ({@link SaveRequest.OnStale#REFUSE}). {@code current} is
     * the record as saved now; {@code yours} the input as typed.
     */
    record Stale(StoredRecord current, int baseVersion, Map<String, String> yours) implements SaveOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stale(this);
        }
    }
}
