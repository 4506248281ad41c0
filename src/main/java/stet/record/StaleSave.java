package stet.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import stet.auth.User;
import stet.merge.FieldMerge;
import stet.merge.RecordMergeResult;
import stet.schema.Collection;

/**
 * A save that came too late: someone saved after the version its author started from.
 * The author's values are merged with what is saved now; a clean merge is saved at once
 * (unless the collection asks for confirmation, or an admin's revert or undo is being
 * merged), otherwise the merge page gets a {@link SaveOutcome.Conflict}. A merge that may
 * be saved is made and written under the record's row lock, in one transaction
 * ({@link RecordWriter#locked}): nobody can save in between, so a clean merge always
 * lands, however busy the record, with no retry. The lock lasts only as long as the
 * merge and its write, never across a page; one not had within the lock timeout answers
 * busy (503) with nothing written. Every merge is timed here, so that the merge package
 * stays free of anything but the merge.
 */
final class StaleSave {

    private final RecordStore store;
    private final RecordWriter writer;
    private final SaveMetrics metrics;

    StaleSave(RecordStore store, RecordWriter writer, SaveMetrics metrics) {
        this.store = store;
        this.writer = writer;
        this.metrics = metrics;
    }

    /**
     * Merges {@code yours} (started from {@code original}) with the record as saved now,
     * and saves a clean merge.
     *
     * @param input the user's input as typed, kept for the restore offer when the record was deleted meanwhile
     * @param comment the user's comment as typed, shown again on the merge page
     * @param note the comment as the revision records it
     * @param kind what saving it records: a merge, or an admin's revert or undo (never saved unseen)
     */
    SaveOutcome merge(Collection collection, Revision original, Map<String, String> yours, Map<String, String> input,
            String comment, String note, User author, Revision.Kind kind) {
        return merge(collection, original, yours, input, comment, note, author, kind, false, null);
    }

    /**
     * As {@link #merge(Collection, Revision, Map, Map, String, String, User, Revision.Kind)};
     * {@code confirmed}: the request itself asked for the merge (the API's {@code Prefer: merge}),
     * so a clean merge is saved even where the collection asks for confirmation. {@code requestKey}:
     * the request's idempotency key (null: none); a request whose key a revision after
     * {@code original} holds was saved already, and is answered as saved with nothing written.
     */
    SaveOutcome merge(Collection collection, Revision original, Map<String, String> yours, Map<String, String> input,
            String comment, String note, User author, Revision.Kind kind, boolean confirmed, String requestKey) {
        Attempt attempt = new Attempt(original, yours, input, comment, note, author, kind, requestKey);
        // An admin's revert or undo that crossed another save is always shown, never saved unseen.
        if ((collection.confirmMerges() && !confirmed) || kind != Revision.Kind.MERGE) {
            // Only a page, saving nothing: no lock.
            return merged(collection, current(original.recordId()), attempt, null,
                    (version, key) -> store.savedWith(original.recordId(), version, key));
        }
        return writer.locked(collection, original.recordId(), author, (current, update, savedWith) ->
                merged(collection, current, attempt, update, savedWith));
    }

    /** A stale save's parts, as {@link #merge} names them. */
    private record Attempt(Revision original, Map<String, String> yours, Map<String, String> input, String comment,
            String note, User author, Revision.Kind kind, String requestKey) {
    }

    /**
     * The outcome of merging {@code yours} with {@code current}: written with {@code update}
     * when it is clean, the merge page when it is not or when {@code update} is null.
     */
    private SaveOutcome merged(Collection collection, StoredRecord current, Attempt attempt,
            Function<Revision, StoredRecord> update, RecordWriter.SavedWith savedWith) {
        Revision original = attempt.original();
        if (current.deleted()) {
            return new SaveOutcome.Deleted(current, original.version(), attempt.input(), attempt.comment());
        }
        Optional<Revision> sent = savedWith.revision(original.version(), attempt.requestKey());
        if (sent.isPresent()) {
            // The same request sent again (a double click, a resend): saved already. Merged
            // again, a delta field would count its change twice.
            return savedAlready(current, sent.get(), collection);
        }
        RecordMergeResult merge = timedMerge(collection, original.data(), current.data(), attempt.yours());
        if (!merge.clean() || update == null) {
            return new SaveOutcome.Conflict(current, original, attempt.yours(), merge, attempt.comment(), merge.clean(),
                    null, Map.of(), attempt.kind(), Map.of());
        }
        Map<String, String> merged = current.withUndefinedFields(collection, merge.merged());
        List<String> changed = Revision.changedKeys(current.data(), merged);
        MergeSummary summary = new MergeSummary(current, original.version(), merge.fields().stream()
                .filter(f -> f.outcome() != FieldMerge.Outcome.UNCHANGED)
                .toList());
        if (changed.isEmpty()) {
            return new SaveOutcome.Saved(current, changed, summary, collection);
        }
        Revision revision = Revision.pending(current, Revision.Kind.MERGE, attempt.author(), original.version(),
                current.version(), attempt.note(), changed, merged).withRequestKey(attempt.requestKey());
        return new SaveOutcome.Saved(update.apply(revision), changed, summary, collection);
    }

    /**
     * The answer to a request sent again that {@code written} saved already: saved, as the
     * version it wrote (never someone else's later one, which {@code current} may be).
     */
    static SaveOutcome.Saved savedAlready(StoredRecord current, Revision written, Collection collection) {
        return new SaveOutcome.Saved(current.at(written), written.changedFields(), null, collection);
    }

    /**
     * The merge page a save from {@code original} would give against {@code current}, saving
     * nothing (a clean merge waits for confirmation): for a save that may not be written now.
     */
    SaveOutcome.Conflict mergePage(Collection collection, StoredRecord current, Revision original,
            Map<String, String> yours, String comment) {
        RecordMergeResult merge = timedMerge(collection, original.data(), current.data(), yours);
        return new SaveOutcome.Conflict(current, original, yours, merge, comment, merge.clean(), null, Map.of(),
                Revision.Kind.MERGE, Map.of());
    }

    /**
     * A merge page came back with conflicts still undecided, or with a resolution of a field
     * an admin removed meanwhile: the same page again (the same original, theirs and yours),
     * keeping what the user chose and typed, the removed fields' shown to copy.
     *
     * @param original the merge's original, as the page's form named it
     * @param theirsRevision the version the page merged with
     * @param errors a message per field still undecided
     */
    SaveOutcome.Conflict mergePageAgain(Collection collection, StoredRecord current, SaveRequest request, Revision original,
            Revision theirsRevision, Map<String, String> errors) {
        Map<String, String> yours = new HashMap<>(original.data());
        request.form().forEach((name, values) -> {
            if (name.endsWith(Resolution.YOURS) && !values.isEmpty()) {
                String key = name.substring(0, name.length() - Resolution.YOURS.length());
                if (values.get(0).isEmpty()) {
                    yours.remove(key);
                } else {
                    yours.put(key, values.get(0));
                }
            }
        });
        StoredRecord theirs = current.at(theirsRevision);
        RecordMergeResult merge = timedMerge(collection, original.data(), theirs.data(), yours);
        return new SaveOutcome.Conflict(theirs, original, yours, merge, request.comment(), merge.clean(),
                request.form(), errors, request.kindOfMerge(),
                Resolution.removed(collection, request.form(), original.data(), theirs.data(), current.data()));
    }

    /** The three-way merge of a record's values, timed for monitoring. */
    RecordMergeResult timedMerge(Collection collection, Map<String, String> original, Map<String, String> theirs,
            Map<String, String> yours) {
        long started = System.nanoTime();
        RecordMergeResult merge = MergeFields.merge(collection, original, theirs, yours);
        metrics.merge(System.nanoTime() - started, merge.clean(),
                SaveMetrics.chars(original) + SaveMetrics.chars(theirs) + SaveMetrics.chars(yours));
        return merge;
    }

    /** The record as saved now; records are never removed, only marked deleted. */
    private StoredRecord current(long id) {
        return store.find(id).orElseThrow();
    }
}
