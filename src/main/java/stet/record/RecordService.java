package stet.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.auth.User;
import stet.auth.VersionTokens;
import stet.db.Database;
import stet.lease.Lease;
import stet.lease.LeaseStore;
import stet.lease.RecordHeldException;
import stet.lease.LeaseService;
import stet.error.BadRequestException;
import stet.error.DatabaseUnavailableException;
import stet.error.ForbiddenException;
import stet.error.NotFoundException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.Validation;

/**
 * Reading, creating, saving, deleting and restoring records. Every write is checked against
 * the version its author started from (carried in a signed token), is one conditional
 * statement, and writes exactly one revision in the same transaction: all of that is
 * {@link RecordWriter}'s, the one write path. A save that is stale goes to
 * {@link StaleSave}, which merges it with what was saved since. A write the writer
 * refuses because the collection's definition changed is validated again against the
 * new definition. Reverts and undos are {@link RevertService}'s.
 */
public final class RecordService {

    private static final Logger LOG = LoggerFactory.getLogger(RecordService.class);

    private final RecordStore store;
    private final RecordListStore lists;
    private final RecordWriter writer;
    private final StaleSave stale;
    private final WriteChecks checks;
    private final CollectionService collections;
    private final SaveMetrics metrics;
    private final LeaseService leases;
    private final RememberedResolutions remembered;

    public RecordService(Database db, RecordStore store, CollectionService collections, VersionTokens tokens,
            LeaseService leases, SaveMetrics metrics) {
        this.leases = leases;
        this.store = store;
        this.lists = new RecordListStore(db.dsl());
        this.writer = new RecordWriter(db, store, new LeaseStore(db.dsl()));
        this.stale = new StaleSave(store, writer, metrics);
        this.checks = new WriteChecks(tokens);
        this.remembered = new RememberedResolutions(new ResolutionStore(db.dsl()));
        this.collections = collections;
        this.metrics = metrics;
    }

    RecordWriter writer() {
        return writer;
    }

    StaleSave stale() {
        return stale;
    }

    WriteChecks checks() {
        return checks;
    }

    SaveMetrics metrics() {
        return metrics;
    }

    /**
     * Runs {@code work} in one transaction that writes several records, each through the one
     * write path (see {@link RecordBatch}); throwing rolls the whole batch back.
     */
    public <T> T batch(java.util.function.Function<RecordBatch, T> work) {
        return writer.batch(work);
    }

    /** The records of {@code ids} as saved now (deleted or not; missing ids are left out). */
    public Map<Long, StoredRecord> find(java.util.Collection<Long> ids) {
        Map<Long, StoredRecord> found = new java.util.HashMap<>();
        store.findAll(ids).forEach(r -> found.put(r.id(), r));
        return found;
    }

    /** A record, deleted or not; 404 when there is no such record. */
    public StoredRecord get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("There is no record " + id + "."));
    }

    /** A record with the live lease on it, for its page; 404 when it does not exist. */
    public ShownRecord getShown(long id) {
        return store.findShown(id).orElseThrow(() -> new NotFoundException("There is no record " + id + "."));
    }

    /** A live record; 404 when it does not exist or is deleted. */
    public StoredRecord getLive(long id) {
        StoredRecord record = get(id);
        if (record.deleted()) {
            throw new NotFoundException("Record " + id + " was deleted.");
        }
        return record;
    }

    /**
     * A live record for its edit form, with the lease {@code reader} took on it from their
     * session in the same statement (see {@link RecordStore#findTakingLease}); 404 when it
     * does not exist or is deleted, and then no lease was taken.
     */
    public LeasedRecord getLiveTakingLease(long id, User reader, String sessionId) {
        LeasedRecord leased = store.findTakingLease(id, reader, sessionId)
                .orElseThrow(() -> new NotFoundException("There is no record " + id + "."));
        if (leased.record().deleted()) {
            throw new NotFoundException("Record " + id + " was deleted.");
        }
        return leased;
    }

    public Collection collectionOf(StoredRecord record) {
        return collections.find(record.collectionId(), record.definitionVersion());
    }

    /** A page of a collection's live records as its list shows them (see {@link RecordQuery}). */
    public List<ListedRecord> list(Collection collection, RecordQuery query, int limit) {
        return lists.list(collection.id(), query, collection.listFields().stream().map(f -> f.key()).toList(), limit);
    }

    /**
     * A page of the list as {@link #list}, read only while the database holds {@code collection}'s
     * version: empty when it does not (another node changed the definition), as when no record
     * is on the page. The check is in the page's own statements, so the caller need not read the
     * version first; an empty page does not say which it was ({@code CollectionService.isCurrent}).
     */
    public List<ListedRecord> listIfCurrent(Collection collection, RecordQuery query, int limit) {
        return lists.list(collection.id(), query, collection.listFields().stream().map(f -> f.key()).toList(), limit,
                collection.version());
    }

    /**
     * The ids of every live record of {@code collection} that {@code query} finds, in its
     * order, as of one moment (one statement): see {@link RecordListStore#ids}.
     */
    public List<Long> listIds(Collection collection, RecordQuery query) {
        return lists.ids(collection.id(), query);
    }

    /**
     * The live records with these ids, whole (every value, long texts in full), in the
     * order of {@code ids}; one that was deleted or does not exist is left out.
     */
    public List<StoredRecord> getAllLive(List<Long> ids) {
        Map<Long, StoredRecord> found = find(ids);
        return ids.stream().map(found::get).filter(r -> r != null && !r.deleted()).toList();
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

    /**
     * The version after {@code afterVersion} that a request of {@code requestKey} (see
     * {@link RequestKey}) last wrote, if one did and its change is still in {@code record}: at
     * least one field it changed does not hold its value from before it again. A revert, an
     * undo or a save that set every such field back took the change out, and then it is none.
     */
    public Optional<Integer> changeStillIn(StoredRecord record, int afterVersion, String requestKey) {
        Optional<Integer> written = store.versionSavedWith(record.id(), afterVersion, requestKey);
        if (written.isEmpty() || written.get() == record.version()) {
            // None, or the record's last change: nothing can have taken it out (and no revision need be read).
            return written;
        }
        Map<String, String> before = revision(record.id(), written.get() - 1).data();
        Map<String, String> after = revision(record.id(), written.get()).data();
        boolean takenOut = Revision.changedKeys(before, after).stream()
                .allMatch(key -> Objects.equals(before.get(key), record.data().get(key)));
        return takenOut ? Optional.empty() : written;
    }

    public String versionToken(StoredRecord record, User user) {
        return versionToken(record.id(), record.version(), user);
    }

    /** The token an edit form starting from {@code version} carries. */
    public String versionToken(long recordId, int version, User user) {
        return checks.token(recordId, version, null, user);
    }

    /** The token of a form that resolves a merge of {@code mergeBase} (null: an ordinary edit form). */
    public String versionToken(long recordId, int version, Integer mergeBase, User user) {
        return checks.token(recordId, version, mergeBase, user);
    }

    public CreateOutcome create(Collection collection, Map<String, List<String>> form, String idempotencyKey, String comment, User author) {
        return RecordWriter.withCurrentDefinition(attempt -> createOnce(attempt == 1 ? collection : reload(collection),
                form, idempotencyKey, comment, author));
    }

    private CreateOutcome createOnce(Collection collection, Map<String, List<String>> form, String idempotencyKey,
            String comment, User author) {
        Validation.Result validation = withCommentProblem(Validation.validate(collection, form), comment);
        if (!validation.ok()) {
            return new CreateOutcome.Invalid(withTakenValues(collection, validation, 0));
        }
        String key = WriteChecks.idempotencyKey(idempotencyKey);
        String note = WriteChecks.comment(comment);
        try {
            return new CreateOutcome.Created(writer.create(collection, validation.values(), key, note, author), false);
        } catch (RecordWriter.DuplicateRequest e) {
            StoredRecord existing = get(store.createdBy(author.id(), key).orElseThrow());
            // Keys are the user's, not the collection's: the same key sent to another collection is another request.
            return existing.collectionId() == collection.id()
                    ? new CreateOutcome.Created(existing, true)
                    : new CreateOutcome.KeyUsedElsewhere(existing, collectionOf(existing), validation.input());
        } catch (UniqueValueTakenException e) {
            return new CreateOutcome.Invalid(validation.withError(e.fieldKey(), e.getMessage()));
        }
    }

    /** Saves an edit form or a merge page's resolution; a stale save is merged (see {@link StaleSave}). */
    public SaveOutcome save(SaveRequest request, User author) {
        return metrics.count(RecordWriter.withCurrentDefinition(attempt -> saveOnce(request, author, true)));
    }

    /**
     * Saves from the version the author names, without a form token: for a client that proved
     * who it is by other means (the API's bearer token) and names its version itself
     * ({@code If-Match}). The version is checked exactly as a form's is, in the one conditional
     * write; what a stale save does is the request's {@link SaveRequest#onStale()}: merged, or
     * refused as {@link SaveOutcome.Stale} (also when it goes stale between the check and the
     * write). A version the record never had is stale and never merged.
     */
    public SaveOutcome saveAsOf(SaveRequest request, User author) {
        if (request.token() != null || request.mergeBase() != null) {
            throw new IllegalArgumentException("a save as of a named version carries no form token and no merge base");
        }
        return metrics.count(RecordWriter.withCurrentDefinition(attempt -> saveOnce(request, author, false)));
    }

    /**
     * A merge page's "Preview": the same page again (the same original, theirs and
     * yours), with the result of the choices made and the input as typed. Nothing is
     * saved; the token is checked as a save's would be.
     */
    public SaveOutcome.Conflict preview(SaveRequest request, User author) {
        if (request.mergeBase() == null) {
            throw new BadRequestException("Only a merge page has a preview.");
        }
        StoredRecord current = get(request.id());
        checks.checkToken(request.id(), request.version(), request.mergeBase(), request.token(), author);
        return stale.mergePageAgain(collectionOf(current), current, request, revision(request.id(), request.mergeBase()),
                revision(request.id(), request.version()), Map.of());
    }

    /**
     * How the conflicts of a merge page were resolved before in the record's collection, by
     * {@link RememberedResolutions#key} of their three texts (see {@link MergePage#rows}).
     */
    public Map<String, RememberedResolution> remembered(Collection collection, SaveOutcome.Conflict conflict) {
        return remembered.find(collection.id(), MergePage.conflictKeys(conflict));
    }

    /** {@code signed}: the request's version is proved by its form token (else by the caller, see {@link #saveAsOf}). */
    private SaveOutcome saveOnce(SaveRequest request, User author, boolean signed) {
        StoredRecord current = get(request.id());
        if (signed) {
            checks.checkToken(request.id(), request.version(), request.mergeBase(), request.token(), author);
        }
        Collection collection = collectionOf(current);
        Map<String, List<String>> form = request.form();
        boolean resolution = request.mergeBase() != null;
        Map<String, String> decided = Map.of();
        if (resolution) {
            Revision original = revision(request.id(), request.mergeBase());
            Revision theirs = revision(request.id(), request.version());
            Resolution.Assembled assembled = Resolution.assemble(collection, form, original.data(), theirs.data(),
                    conflict -> remembered.text(collection.id(), conflict));
            if (!assembled.ok() || !Resolution.removed(collection, form, original.data(), theirs.data(), current.data())
                    .isEmpty()) {
                // Undecided, or resolving a field removed meanwhile: nothing is saved, nothing typed lost.
                return stale.mergePageAgain(collection, current, request, original, theirs, assembled.errors());
            }
            form = assembled.form();
            decided = assembled.decided();
        }
        Validation.Result validation = Validation.validate(collection, form, current.data());
        if (!validation.removed().isEmpty() && current.version() != request.version()) {
            // A removed field's value as the form showed it, though changed since, is nothing the user typed.
            validation = validation.withoutRemovedAsShown(revision(request.id(), request.version()).data());
        }
        validation = withCommentProblem(validation, request.comment());
        if (current.deleted()) {
            // Deleted meanwhile: the offer to restore it with what was typed, valid or not (the restore validates).
            return new SaveOutcome.Deleted(current, request.version(), validation.input(), request.comment());
        }
        if (!validation.ok()) {
            return new SaveOutcome.Invalid(current, withTakenValues(collection, validation, current.id()),
                    request.version(), request.mergeBase(), request.mergeKind());
        }
        Map<String, String> yours = current.withUndefinedFields(collection, validation.values());
        Optional<Lease> held = leases.blocking(current.id(), collection.leasing(), author);
        if (held.isPresent()) {
            return held(request, collection, current, held.get(), yours, resolution);
        }
        SaveOutcome outcome;
        try {
            outcome = write(request, author, collection, current, validation, yours, resolution);
        } catch (RecordHeldException e) {
            // Someone took the lease after the check above, before the write locked the record: rolled back.
            return held(request, collection, get(request.id()), e.lease(), yours, resolution);
        }
        // What the user decided, offered when the same conflicts come up again; deciding to keep
        // what is saved is a decision too, though it writes nothing.
        if ((outcome instanceof SaveOutcome.Saved || outcome instanceof SaveOutcome.Unchanged) && !decided.isEmpty()) {
            remembered.remember(collection.id(), decided, author);
        }
        return outcome;
    }

    /**
     * A save refused because {@code lease} is another user's in an exclusive collection; nothing
     * is written, and a form from an older version is shown as the merge page it would give.
     */
    private SaveOutcome held(SaveRequest request, Collection collection, StoredRecord current, Lease lease,
            Map<String, String> yours, boolean resolution) {
        boolean stale = !resolution && !current.deleted() && current.version() != request.version()
                && request.onStale() == SaveRequest.OnStale.MERGE;
        return new SaveOutcome.Held(current, lease, request, stale
                ? this.stale.mergePage(collection, current, revision(request.id(), request.version()), yours,
                        request.comment())
                : null);
    }

    /** Writes a validated save: at once when it is current, else merged (see {@link StaleSave}). */
    private SaveOutcome write(SaveRequest request, User author, Collection collection, StoredRecord current,
            Validation.Result validation, Map<String, String> yours, boolean resolution) {
        String note = WriteChecks.comment(request.comment());
        String requestKey = RequestKey.of(request.idempotencyKey(), yours, note);
        try {
            if (!current.deleted() && current.version() == request.version()) {
                List<String> changed = Revision.changedKeys(current.data(), yours);
                if (changed.isEmpty()) {
                    // A merge page resolved to what is saved (theirs everywhere) writes nothing either.
                    return new SaveOutcome.Unchanged(current);
                }
                // A merge page's resolution records the merge: its original and the version merged with.
                Revision revision = (resolution
                        ? Revision.pending(current, request.kindOfMerge(), author, request.mergeBase(), request.version(),
                                note, changed, yours)
                        : Revision.pending(current, request.kindOfEdit(), author, request.version(), null, note, changed,
                                yours)).withRequestKey(requestKey);
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
            // Asked not to merge, or from a version there never was: nothing to merge from.
            if (request.onStale() == SaveRequest.OnStale.REFUSE || request.version() < 1
                    || request.version() > current.version()) {
                Optional<Revision> sent = request.version() >= 1
                        ? store.savedWith(request.id(), request.version(), requestKey) : Optional.empty();
                if (sent.isPresent()) {
                    // The same request sent again (a retry after a lost answer): saved already.
                    return StaleSave.savedAlready(current, sent.get(), collection);
                }
                return new SaveOutcome.Stale(current, request.version(), validation.input());
            }
            return stale.merge(collection, revision(request.id(), request.version()), yours, validation.input(),
                    request.comment(), note, author, request.kindOfMerge(),
                    request.onStale() == SaveRequest.OnStale.MERGE_CONFIRMED, requestKey);
        } catch (UniqueValueTakenException e) {
            return new SaveOutcome.Invalid(current, validation.withError(e.fieldKey(), e.getMessage()),
                    request.version(), request.mergeBase(), request.mergeKind());
        }
    }

    public DeleteOutcome delete(long id, int baseVersion, String token, String comment, User author) {
        return delete(id, baseVersion, comment, author, () -> checks.checkToken(id, baseVersion, token, author));
    }

    /**
     * Deletes as of the version the author names, without a form token (the API's
     * {@code DELETE} with {@code If-Match}; see {@link #saveAsOf}). Never merged: stale is stale.
     */
    public DeleteOutcome deleteAsOf(long id, int baseVersion, String comment, User author) {
        return delete(id, baseVersion, comment, author, () -> { });
    }

    /** {@code checkVersion} proves the version the author names, or throws. */
    private DeleteOutcome delete(long id, int baseVersion, String comment, User author, Runnable checkVersion) {
        DeleteOutcome outcome = RecordWriter.withCurrentDefinition(
                attempt -> deleteOnce(id, baseVersion, comment, author, checkVersion));
        return outcome.accept(new DeleteOutcome.Visitor<>() {
            @Override
            public DeleteOutcome deleted(DeleteOutcome.Deleted deleted) {
                endLease(id, author);
                return deleted;
            }

            @Override
            public DeleteOutcome repeated(DeleteOutcome.Repeated repeated) {
                return repeated;
            }

            @Override
            public DeleteOutcome stale(DeleteOutcome.Stale stale) {
                metrics.outcome(SaveMetrics.Outcome.STALE_DELETE);
                return stale;
            }
        });
    }

    /**
     * Ends the deleter's lease once their delete has committed (see {@link LeaseService#releaseDeleted}).
     * Should the database be gone now, the answer is still that it deleted, and the lease simply runs out.
     */
    private void endLease(long id, User author) {
        try {
            leases.releaseDeleted(id, author);
        } catch (DatabaseUnavailableException e) {
            LOG.debug("lease of deleted record {} left to expire: {}", id, e.getMessage());
        }
    }

    private DeleteOutcome deleteOnce(long id, int baseVersion, String comment, User author, Runnable checkVersion) {
        StoredRecord current = get(id);
        checkVersion.run();
        if (current.deleted() || current.version() != baseVersion) {
            return notDeleted(current, baseVersion, comment, author);
        }
        String note = WriteChecks.comment(comment);
        Collection collection = collectionOf(current);
        refuseIfHeld(current, collection, author);
        StoredRecord deleted;
        try {
            deleted = writer.delete(collection, current, note, author);
        } catch (StaleVersionException e) {
            // Also when the same delete, sent twice at once, landed between our read and our write.
            return notDeleted(get(id), baseVersion, comment, author);
        }
        return new DeleteOutcome.Deleted(current, deleted.version(), collection);
    }

    /**
     * A delete of {@code baseVersion} that finds the record at {@code current}: done already when
     * the record's latest change is this same delete ({@link DeleteOutcome.Repeated}), else stale.
     * Another comment is another delete: what was typed for it is not quietly taken as written.
     */
    private DeleteOutcome notDeleted(StoredRecord current, int baseVersion, String comment, User author) {
        if (current.deleted() && current.version() == baseVersion + 1 && current.isBy(author)) {
            Revision latest = revision(current.id(), current.version());
            if (latest.kind() == Revision.Kind.DELETE && Objects.equals(latest.baseVersion(), baseVersion)
                    && Objects.equals(latest.comment(), WriteChecks.comment(comment))) {
                return new DeleteOutcome.Repeated(current, current.version(), collectionOf(current));
            }
        }
        return new DeleteOutcome.Stale(current, baseVersion);
    }

    /**
     * Refuses a change of {@code current} by {@code author} other than a save (a delete, a
     * restore, an admin's revert or undo) while another user holds its lease in an exclusive
     * collection, as a save is refused ({@link SaveOutcome.Held}).
     *
     * @throws RecordHeldException naming the holder
     */
    void refuseIfHeld(StoredRecord current, Collection collection, User author) {
        Optional<Lease> held = leases.blocking(current.id(), collection.leasing(), author);
        if (held.isPresent()) {
            throw new RecordHeldException(held.get(), current.deleted());
        }
    }

    /**
     * The leases of other users that stop {@code author} changing some of {@code collection}'s
     * records (an exclusive collection's), by record id: one statement, none for a collection
     * that is not exclusive.
     */
    public Map<Long, Lease> blockingLeases(Collection collection, java.util.Collection<Long> ids, User author) {
        return leases.blocking(ids, collection.leasing(), author);
    }

    /**
     * Undoes a delete for the person who made it: brings the record back with the values it
     * had, as a version-checked restore recorded in the history, while the delete
     * ({@code deletedVersion}) is still the record's latest change. Stale when anyone changed
     * the record since; forbidden when the delete was someone else's (an admin restores those).
     */
    public RestoreOutcome undoDelete(long id, int deletedVersion, String token, User author) {
        return RecordWriter.withCurrentDefinition(attempt -> {
            StoredRecord current = get(id);
            checks.checkToken(id, deletedVersion, token, author);
            if (!current.deleted() || current.version() != deletedVersion) {
                return new RestoreOutcome.Stale(current, deletedVersion);
            }
            if (!current.isBy(author)) {
                throw new ForbiddenException("Only the person who deleted this record can undo the delete;"
                        + " an admin can restore it from the collection's deleted records.");
            }
            Map<String, List<String>> form = new LinkedHashMap<>();
            current.data().forEach((key, value) -> form.put(key, List.of(value)));
            return restoreChecked(current, deletedVersion, form, UNDO_DELETE_NOTE, author);
        });
    }

    /** What the revision of an undone delete says. */
    static final String UNDO_DELETE_NOTE = "Undid the delete";

    /**
     * Brings a deleted record back with the values of {@code form} (the user's own
     * changes, or the values it had), if it is still the deleted version {@code baseVersion}.
     */
    public RestoreOutcome restore(long id, int baseVersion, String token, Map<String, List<String>> form, String comment,
            User author) {
        return RecordWriter.withCurrentDefinition(attempt -> restoreOnce(id, baseVersion, token, form, comment, author));
    }

    private RestoreOutcome restoreOnce(long id, int baseVersion, String token, Map<String, List<String>> form,
            String comment, User author) {
        StoredRecord current = get(id);
        checks.checkToken(id, baseVersion, token, author);
        return restoreChecked(current, baseVersion, form, comment, author);
    }

    /** Restores {@code current}, whose version token was checked, if it is still deleted at {@code baseVersion}. */
    private RestoreOutcome restoreChecked(StoredRecord current, int baseVersion, Map<String, List<String>> form,
            String comment, User author) {
        long id = current.id();
        Collection collection = collectionOf(current);
        // Values posted back as the deleted version held them are kept, as an edit keeps them.
        Validation.Result validation = Validation.validate(collection, form, current.data());
        if (!current.deleted() || current.version() != baseVersion) {
            return new RestoreOutcome.Stale(current, baseVersion);
        }
        if (!validation.ok()) {
            return new RestoreOutcome.Invalid(current, validation);
        }
        Map<String, String> data = current.withUndefinedFields(collection, validation.values());
        String note = WriteChecks.comment(comment);
        refuseIfHeld(current, collection, author);
        try {
            return new RestoreOutcome.Restored(writer.restore(collection, current, data, note, author));
        } catch (StaleVersionException e) {
            return new RestoreOutcome.Stale(get(id), baseVersion);
        } catch (UniqueValueTakenException e) {
            return new RestoreOutcome.Invalid(current, validation.withError(e.fieldKey(), e.getMessage()));
        }
    }

    private Collection reload(Collection collection) {
        return collections.find(collection.id()).orElseThrow();
    }

    /**
     * {@code validation} (which failed) with a message on each valid unique value another
     * record holds: the user learns of every problem in one round trip, not the taken
     * value only after fixing the rest.
     */
    private Validation.Result withTakenValues(Collection collection, Validation.Result validation, long recordId) {
        Map<String, String> unique = new LinkedHashMap<>();
        collection.fields().stream()
                .filter(f -> f.unique() && !validation.errors().containsKey(f.key()) && validation.values().containsKey(f.key()))
                .forEach(f -> unique.put(f.key(), validation.values().get(f.key())));
        Validation.Result result = validation;
        for (String key : store.takenUniqueValues(collection.id(), unique, recordId)) {
            result = result.withError(key, new UniqueValueTakenException(key, unique.get(key)).getMessage());
        }
        return result;
    }

    /** The validation with the comment's problem, if it has one, as an error of the form's comment input. */
    private static Validation.Result withCommentProblem(Validation.Result validation, String comment) {
        return WriteChecks.commentProblem(comment).map(problem -> validation.withError("comment", problem)).orElse(validation);
    }
}
