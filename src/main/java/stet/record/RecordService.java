package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntFunction;
import stet.auth.User;
import stet.auth.VersionTokens;
import stet.db.Database;
import stet.error.BadRequestException;
import stet.error.NotFoundException;
import stet.merge.FieldMerge;
import stet.merge.RecordMerge;
import stet.merge.RecordMergeResult;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.Validation;

/**
 * Creating, saving, deleting and restoring records. Every write is checked against the
 * version its author started from (carried in a signed token), is one conditional
 * statement, and writes exactly one revision in the same transaction. A save that is
 * stale is merged with what was saved since: saved at once when the merge is clean,
 * otherwise handed back as a conflict for the merge page. Every write goes through
 * {@link RecordWriter}, the one place that writes a record, its revision and its
 * unique values; a write it refuses because the collection's definition changed is
 * validated again against the new definition.
 */
public final class RecordService {

    /** What a save came to. */
    public sealed interface SaveOutcome {
        /**
         * Saved as a new version: {@code record} is that version as written (never read
         * again after the commit, so never someone else's later one); {@code changedFields}
         * lists what changed. {@code merge} says what an automatic merge did when the save
         * had to be merged, else null. {@code collection} is the definition it was saved
         * under, so answering needs no further query.
         */
        record Saved(StoredRecord record, List<String> changedFields, MergeSummary merge, Collection collection)
                implements SaveOutcome {}

        /** Nothing differed from the saved version, so nothing was written. */
        record Unchanged(StoredRecord record) implements SaveOutcome {}

        /**
         * Not saved: a message per invalid field. The input is kept as typed; {@code version}
         * and {@code mergeBase} are what the form carried, so it can be shown again as it was.
         */
        record Invalid(StoredRecord record, Validation.Result validation, int version, Integer mergeBase)
                implements SaveOutcome {}

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
         */
        record Conflict(StoredRecord theirs, Revision original, Map<String, String> yours, RecordMergeResult merge,
                String comment, boolean confirmOnly, Map<String, List<String>> posted, Map<String, String> errors,
                Revision.Kind kind) implements SaveOutcome {}

        /** Not saved: the record was deleted after {@code baseVersion}. {@code yours} is the input as typed. */
        record Deleted(StoredRecord current, int baseVersion, Map<String, String> yours, String comment)
                implements SaveOutcome {}
    }

    /**
     * A save as submitted.
     *
     * @param id the record
     * @param version the version the form started from (on a merge page: theirs)
     * @param token the form's version token
     * @param form every posted field with its values
     * @param comment the author's comment, or null
     * @param mergeBase on a merge page's form, the original version of that merge; else null
     * @param mergeKind on a merge page's form, what saving it records (MERGE, REVERT or UNDO); else null
     */
    public record SaveRequest(long id, int version, String token, Map<String, List<String>> form, String comment,
            Integer mergeBase, Revision.Kind mergeKind) {}

    /** What a create came to. */
    public sealed interface CreateOutcome {
        /** Created; {@code replayed} when an earlier request with the same idempotency key had created it. */
        record Created(StoredRecord record, boolean replayed) implements CreateOutcome {}

        record Invalid(Validation.Result validation) implements CreateOutcome {}
    }

    /** What a delete came to. */
    public sealed interface DeleteOutcome {
        /** Deleted; {@code before} is the record as it was, {@code collection} the one it belongs to. */
        record Deleted(StoredRecord before, Collection collection) implements DeleteOutcome {}

        /** Not deleted: the record changed (or was deleted) after {@code baseVersion}. */
        record Stale(StoredRecord current, int baseVersion) implements DeleteOutcome {}
    }

    /** What restoring a deleted record came to. */
    public sealed interface RestoreOutcome {
        /** Restored; {@code record} is the version the restore wrote. */
        record Restored(StoredRecord record) implements RestoreOutcome {}

        record Invalid(StoredRecord record, Validation.Result validation) implements RestoreOutcome {}

        /** Not restored: it was restored or changed after {@code baseVersion}. */
        record Stale(StoredRecord current, int baseVersion) implements RestoreOutcome {}
    }

    static final String TOKEN_KIND = "record";
    static final int MAX_COMMENT = 500;
    /** How often a clean merge is redone when yet another save lands while it is written. */
    static final int MERGE_ATTEMPTS = 3;
    /** How often a write is validated again when an admin changes the collection's definition while it is written. */
    static final int DEFINITION_ATTEMPTS = 3;

    private final RecordStore store;
    private final RecordWriter writer;
    private final CollectionService collections;
    private final VersionTokens tokens;
    private final SaveMetrics metrics;

    public RecordService(Database db, RecordStore store, CollectionService collections, VersionTokens tokens) {
        this(db, store, collections, tokens, SaveMetrics.NONE);
    }

    public RecordService(Database db, RecordStore store, CollectionService collections, VersionTokens tokens,
            SaveMetrics metrics) {
        this.store = store;
        this.writer = new RecordWriter(db, store);
        this.collections = collections;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /** A record, deleted or not; 404 when there is no such record. */
    public StoredRecord get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("There is no record " + id + "."));
    }

    /** A live record; 404 when it does not exist or is deleted. */
    public StoredRecord getLive(long id) {
        StoredRecord record = get(id);
        if (record.deleted()) {
            throw new NotFoundException("Record " + id + " was deleted.");
        }
        return record;
    }

    public Collection collectionOf(StoredRecord record) {
        return collections.find(record.collectionId(), record.definitionVersion());
    }

    /** A page of a collection's live records as its list shows them (see {@link RecordQuery}). */
    public List<ListedRecord> list(Collection collection, RecordQuery query, int limit) {
        return store.list(collection.id(), query, collection.listFields().stream().map(f -> f.key()).toList(), limit);
    }

    /** Deleted records of a collection (keyset paging by id, newest first). */
    public List<StoredRecord> deleted(Collection collection, long beforeId, int limit) {
        return store.deleted(collection.id(), beforeId, limit);
    }

    public List<Revision> history(long recordId, int beforeVersion, int limit) {
        return store.revisions(recordId, beforeVersion, limit);
    }

    /** One revision; 404 when the record has no such version. */
    public Revision revision(long recordId, int version) {
        return store.revision(recordId, version)
                .orElseThrow(() -> new NotFoundException("Record " + recordId + " has no version " + version + "."));
    }

    public String versionToken(StoredRecord record, User user) {
        return versionToken(record.id(), record.version(), user);
    }

    /** The token an edit form starting from {@code version} carries. */
    public String versionToken(long recordId, int version, User user) {
        return tokens.issue(TOKEN_KIND, recordId, version, user.id());
    }

    /** The token of a form that resolves a merge of {@code mergeBase} (null: an ordinary edit form). */
    public String versionToken(long recordId, int version, Integer mergeBase, User user) {
        return mergeBase == null
                ? versionToken(recordId, version, user)
                : tokens.issueMerge(TOKEN_KIND, recordId, version, mergeBase, user.id());
    }

    public CreateOutcome create(Collection collection, Map<String, List<String>> form, String idempotencyKey, String comment, User author) {
        return withCurrentDefinition(attempt -> createOnce(attempt == 1 ? collection : reload(collection), form,
                idempotencyKey, comment, author));
    }

    private CreateOutcome createOnce(Collection collection, Map<String, List<String>> form, String idempotencyKey,
            String comment, User author) {
        Validation.Result validation = Validation.validate(collection, form);
        if (!validation.ok()) {
            return new CreateOutcome.Invalid(validation);
        }
        String key = checkIdempotencyKey(idempotencyKey);
        String note = checkComment(comment);
        try {
            return new CreateOutcome.Created(writer.create(collection, validation.values(), key, note, author), false);
        } catch (RecordWriter.DuplicateRequest e) {
            long existing = store.createdBy(author.id(), key).orElseThrow();
            return new CreateOutcome.Created(get(existing), true);
        } catch (UniqueValueTakenException e) {
            return new CreateOutcome.Invalid(withError(validation, e.fieldKey(), e.getMessage()));
        }
    }

    public SaveOutcome save(SaveRequest request, User author) {
        return counted(withCurrentDefinition(attempt -> saveOnce(request, author)));
    }

    private SaveOutcome saveOnce(SaveRequest request, User author) {
        StoredRecord current = get(request.id());
        checkToken(request.id(), request.version(), request.mergeBase(), request.token(), author);
        Collection collection = collectionOf(current);
        Map<String, List<String>> form = request.form();
        boolean resolution = request.mergeBase() != null;
        if (resolution) {
            Resolution.Assembled assembled = Resolution.assemble(collection, form,
                    revision(request.id(), request.mergeBase()).data(), revision(request.id(), request.version()).data());
            if (!assembled.ok()) {
                return mergePageAgain(collection, current, request, assembled.errors());
            }
            form = assembled.form();
        }
        Validation.Result validation = Validation.validate(collection, form);
        if (request.comment() != null && request.comment().length() > MAX_COMMENT) {
            validation = withError(validation, "comment", "A comment may have at most " + MAX_COMMENT + " characters.");
        }
        if (!validation.ok()) {
            return new SaveOutcome.Invalid(current, validation, request.version(), request.mergeBase());
        }
        Map<String, String> yours = withUndefinedFields(collection, current, validation.values());
        String note = checkComment(request.comment());
        try {
            if (!current.deleted() && current.version() == request.version()) {
                List<String> changed = changedKeys(current.data(), yours);
                if (changed.isEmpty() && !resolution) {
                    return new SaveOutcome.Unchanged(current);
                }
                // A merge page's resolution records the merge: its original and the version merged with.
                Revision.Kind kind = request.mergeKind() == null ? Revision.Kind.MERGE : request.mergeKind();
                Revision revision = resolution
                        ? revisionOf(current, kind, author, request.mergeBase(), request.version(), note, changed, yours)
                        : revisionOf(current, Revision.Kind.UPDATE, author, request.version(), null, note, changed, yours);
                try {
                    return new SaveOutcome.Saved(writer.update(collection, current, revision, author), changed, null,
                            collection);
                } catch (StaleVersionException e) {
                    // Someone saved between our read and our write: merge with their version.
                    current = get(request.id());
                }
            }
            if (current.deleted()) {
                return new SaveOutcome.Deleted(current, request.version(), validation.input(), request.comment());
            }
            return merge(collection, revision(request.id(), request.version()), yours, validation.input(),
                    request.comment(), note, author, request.mergeKind() == null ? Revision.Kind.MERGE : request.mergeKind());
        } catch (UniqueValueTakenException e) {
            return new SaveOutcome.Invalid(current, withError(validation, e.fieldKey(), e.getMessage()),
                    request.version(), request.mergeBase());
        }
    }

    /**
     * The save is stale: merges the user's values with what was saved since. A clean merge
     * is saved at once (unless the collection asks for confirmation); if yet another save
     * lands meanwhile, the merge is done again against it, a few times at most.
     */
    private SaveOutcome merge(Collection collection, Revision original, Map<String, String> yours,
            Map<String, String> input, String comment, String note, User author, Revision.Kind kind) {
        StoredRecord current = get(original.recordId());
        for (int attempt = 1; ; attempt++) {
            if (current.deleted()) {
                return new SaveOutcome.Deleted(current, original.version(), input, comment);
            }
            RecordMergeResult merge = timedMerge(collection, original.data(), current.data(), yours);
            // An admin's revert or undo that crossed another save is always shown, never saved unseen.
            if (!merge.clean() || collection.confirmMerges() || kind != Revision.Kind.MERGE || attempt > MERGE_ATTEMPTS) {
                return new SaveOutcome.Conflict(current, original, yours, merge, comment, merge.clean(), null, Map.of(), kind);
            }
            Map<String, String> merged = withUndefinedFields(collection, current, merge.merged());
            List<String> changed = changedKeys(current.data(), merged);
            MergeSummary summary = new MergeSummary(current, original.version(), merge.fields().stream()
                    .filter(f -> f.outcome() != FieldMerge.Outcome.UNCHANGED)
                    .toList());
            if (changed.isEmpty()) {
                return new SaveOutcome.Saved(current, changed, summary, collection);
            }
            Revision revision = revisionOf(current, Revision.Kind.MERGE, author, original.version(), current.version(),
                    note, changed, merged);
            try {
                return new SaveOutcome.Saved(writer.update(collection, current, revision, author), changed, summary,
                        collection);
            } catch (StaleVersionException e) {
                // Someone saved while this merge was written: merge again against their version.
                current = get(original.recordId());
            }
        }
    }

    /**
     * The three-way merge of a record's values, timed here so that the merge package stays
     * free of anything but the merge.
     */
    private RecordMergeResult timedMerge(Collection collection, Map<String, String> original, Map<String, String> theirs,
            Map<String, String> yours) {
        long started = System.nanoTime();
        RecordMergeResult merge = RecordMerge.merge(MergeFields.of(collection), original, theirs, yours);
        metrics.merge(System.nanoTime() - started, merge.clean(),
                SaveMetrics.chars(original) + SaveMetrics.chars(theirs) + SaveMetrics.chars(yours));
        return merge;
    }

    private SaveOutcome counted(SaveOutcome outcome) {
        metrics.outcome(SaveMetrics.Outcome.of(outcome));
        return outcome;
    }

    /**
     * A merge page came back with conflicts still undecided: the same page again (the
     * same original, theirs and yours), keeping what the user chose and typed.
     */
    private SaveOutcome mergePageAgain(Collection collection, StoredRecord current, SaveRequest request,
            Map<String, String> errors) {
        Revision original = revision(request.id(), request.mergeBase());
        Revision theirsRevision = revision(request.id(), request.version());
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
        StoredRecord theirs = new StoredRecord(current.id(), current.collectionId(), theirsRevision.data(),
                theirsRevision.version(), false, theirsRevision.createdAt(), theirsRevision.authorName(),
                theirsRevision.authorId());
        RecordMergeResult merge = timedMerge(collection, original.data(), theirs.data(), yours);
        return new SaveOutcome.Conflict(theirs, original, yours, merge, request.comment(), merge.clean(),
                request.form(), errors, request.mergeKind() == null ? Revision.Kind.MERGE : request.mergeKind());
    }

    /**
     * Reverts a record to the values of version {@code target}: an ordinary version-checked
     * write. If the record moved on since {@code version}, the admin gets the merge page
     * (original: the version they saw; yours: the values of {@code target}).
     */
    public SaveOutcome revert(long id, int target, int version, String token, String comment, User author) {
        return counted(withCurrentDefinition(attempt -> revertOnce(id, target, version, token, comment, author)));
    }

    private SaveOutcome revertOnce(long id, int target, int version, String token, String comment, User author) {
        StoredRecord current = getLive(id);
        checkToken(id, version, token, author);
        Revision targetRevision = revision(id, target);
        Collection collection = collectionOf(current);
        String note = checkComment(comment == null || comment.isBlank() ? "Reverted to version " + target : comment);
        Map<String, String> values = withUndefinedFields(collection, current, targetRevision.data());
        if (current.version() != version) {
            return merge(collection, revision(id, version), values, values, comment, note, author, Revision.Kind.REVERT);
        }
        List<String> changed = changedKeys(current.data(), values);
        if (changed.isEmpty()) {
            return new SaveOutcome.Unchanged(current);
        }
        try {
            Revision revision = revisionOf(current, Revision.Kind.REVERT, author, version, null, note, changed, values);
            return new SaveOutcome.Saved(writer.update(collection, current, revision, author), changed, null, collection);
        } catch (StaleVersionException e) {
            return merge(collection, revision(id, version), values, values, comment, note, author, Revision.Kind.REVERT);
        } catch (UniqueValueTakenException e) {
            return new SaveOutcome.Invalid(current, new Validation.Result(values, values, Map.of(e.fieldKey(), e.getMessage())),
                    version, null);
        }
    }

    /**
     * What undoing version {@code target} would do: a three-way merge with the target as
     * the original, the current version as theirs and the version before the target as
     * yours, so later changes stay and only the target's own change goes.
     */
    public UndoPlan planUndo(long id, int target) {
        StoredRecord current = getLive(id);
        if (target < 2 || target > current.version()) {
            throw new BadRequestException("Only a change after the first version can be undone; version " + target
                    + " cannot.");
        }
        Revision undone = revision(id, target);
        Revision before = revision(id, target - 1);
        Collection collection = collectionOf(current);
        RecordMergeResult merge = timedMerge(collection, undone.data(), current.data(), before.data());
        return new UndoPlan(current, undone, before, merge);
    }

    /**
     * The plan of an undo: the current record, the revision undone, the one before it, and
     * the merge (clean: {@code merge.merged()} is the result).
     */
    public record UndoPlan(StoredRecord current, Revision undone, Revision before, RecordMergeResult merge) {

        /** The merge page for an undo that conflicts (or waits for confirmation). */
        public SaveOutcome.Conflict asConflict(String comment) {
            return new SaveOutcome.Conflict(current, undone, before.data(), merge, comment, merge.clean(), null, Map.of(),
                    Revision.Kind.UNDO);
        }
    }

    /** Applies an undo previewed at {@code version}; if the record moved on or the undo conflicts, the merge page. */
    public SaveOutcome undo(long id, int target, int version, String token, String comment, User author) {
        return counted(withCurrentDefinition(attempt -> undoOnce(id, target, version, token, comment, author)));
    }

    private SaveOutcome undoOnce(long id, int target, int version, String token, String comment, User author) {
        checkToken(id, version, token, author);
        UndoPlan plan = planUndo(id, target);
        String note = checkComment(comment == null || comment.isBlank() ? "Undid version " + target : comment);
        if (plan.current().version() != version || !plan.merge().clean()) {
            return plan.asConflict(note);
        }
        Collection collection = collectionOf(plan.current());
        Map<String, String> values = withUndefinedFields(collection, plan.current(), plan.merge().merged());
        List<String> changed = changedKeys(plan.current().data(), values);
        if (changed.isEmpty()) {
            return new SaveOutcome.Unchanged(plan.current());
        }
        try {
            Revision revision = revisionOf(plan.current(), Revision.Kind.UNDO, author, version, null, note, changed, values);
            return new SaveOutcome.Saved(writer.update(collection, plan.current(), revision, author), changed, null,
                    collection);
        } catch (StaleVersionException e) {
            return planUndo(id, target).asConflict(note);
        } catch (UniqueValueTakenException e) {
            return new SaveOutcome.Invalid(plan.current(),
                    new Validation.Result(values, values, Map.of(e.fieldKey(), e.getMessage())), version, null);
        }
    }

    public DeleteOutcome delete(long id, int baseVersion, String token, String comment, User author) {
        DeleteOutcome outcome = withCurrentDefinition(attempt -> deleteOnce(id, baseVersion, token, comment, author));
        if (outcome instanceof DeleteOutcome.Stale) {
            metrics.outcome(SaveMetrics.Outcome.STALE_DELETE);
        }
        return outcome;
    }

    private DeleteOutcome deleteOnce(long id, int baseVersion, String token, String comment, User author) {
        StoredRecord current = get(id);
        checkToken(id, baseVersion, token, author);
        if (current.deleted() || current.version() != baseVersion) {
            return new DeleteOutcome.Stale(current, baseVersion);
        }
        String note = checkComment(comment);
        Collection collection = collectionOf(current);
        try {
            writer.delete(collection, current, note, author);
        } catch (StaleVersionException e) {
            return new DeleteOutcome.Stale(get(id), baseVersion);
        }
        return new DeleteOutcome.Deleted(current, collection);
    }

    /**
     * Brings a deleted record back with the values of {@code form} (the user's own
     * changes, or the values it had), if it is still the deleted version {@code baseVersion}.
     */
    public RestoreOutcome restore(long id, int baseVersion, String token, Map<String, List<String>> form, String comment,
            User author) {
        return withCurrentDefinition(attempt -> restoreOnce(id, baseVersion, token, form, comment, author));
    }

    private RestoreOutcome restoreOnce(long id, int baseVersion, String token, Map<String, List<String>> form,
            String comment, User author) {
        StoredRecord current = get(id);
        checkToken(id, baseVersion, token, author);
        Collection collection = collectionOf(current);
        Validation.Result validation = Validation.validate(collection, form);
        if (!current.deleted() || current.version() != baseVersion) {
            return new RestoreOutcome.Stale(current, baseVersion);
        }
        if (!validation.ok()) {
            return new RestoreOutcome.Invalid(current, validation);
        }
        Map<String, String> data = withUndefinedFields(collection, current, validation.values());
        String note = checkComment(comment);
        try {
            return new RestoreOutcome.Restored(writer.restore(collection, current, data, note, author));
        } catch (StaleVersionException e) {
            return new RestoreOutcome.Stale(get(id), baseVersion);
        } catch (UniqueValueTakenException e) {
            return new RestoreOutcome.Invalid(current, withError(validation, e.fieldKey(), e.getMessage()));
        }
    }

    /**
     * Runs a write again, from reading the collection on, when an admin changed the
     * collection's definition while it was written: it is validated against the
     * definition in force when it commits (say, a field just made unique).
     */
    private <T> T withCurrentDefinition(IntFunction<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.apply(attempt);
            } catch (RecordWriter.DefinitionChanged e) {
                if (attempt == DEFINITION_ATTEMPTS) {
                    throw new IllegalStateException("the collection's definition kept changing during a write", e);
                }
            }
        }
    }

    private Collection reload(Collection collection) {
        return collections.find(collection.id()).orElseThrow();
    }

    private static Revision revisionOf(StoredRecord current, Revision.Kind kind, User author, Integer baseVersion,
            Integer mergedVersion, String note, List<String> changed, Map<String, String> data) {
        // The version is filled in by the writer, from the conditional UPDATE.
        return new Revision(current.id(), 0, kind, author.id(), null, null, baseVersion, mergedVersion, note, changed, data);
    }

    /** Values of fields no longer in the collection stay with the record. */
    private static Map<String, String> withUndefinedFields(Collection collection, StoredRecord current, Map<String, String> values) {
        Map<String, String> data = new HashMap<>(values);
        current.data().forEach((key, value) -> {
            if (collection.field(key).isEmpty()) {
                data.putIfAbsent(key, value);
            }
        });
        return data;
    }

    private void checkToken(long id, int baseVersion, String token, User author) {
        checkToken(id, baseVersion, null, token, author);
    }

    /** A merge's original ({@code mergeBase}) is signed into its form's token: only stet's merge page may claim one. */
    private void checkToken(long id, int baseVersion, Integer mergeBase, String token, User author) {
        boolean valid = mergeBase == null
                ? tokens.isValid(TOKEN_KIND, id, baseVersion, author.id(), token)
                : tokens.isValidMerge(TOKEN_KIND, id, baseVersion, mergeBase, author.id(), token);
        if (!valid) {
            throw new BadRequestException(
                    "The form's version token is missing or does not match its version; nothing was saved.");
        }
    }

    private static String checkIdempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 100) {
            throw new BadRequestException("The idempotency_key may have at most 100 characters.");
        }
        return key;
    }

    private static String checkComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > MAX_COMMENT) {
            throw new BadRequestException("A comment may have at most " + MAX_COMMENT + " characters.");
        }
        return comment.strip();
    }

    /** Keys whose value differs between two versions, sorted. */
    static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    private static Validation.Result withError(Validation.Result validation, String key, String message) {
        Map<String, String> errors = new LinkedHashMap<>(validation.errors());
        errors.put(key, message);
        return new Validation.Result(validation.input(), validation.values(), errors);
    }
}
