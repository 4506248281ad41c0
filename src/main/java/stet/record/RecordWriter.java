package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import stet.auth.User;
import stet.db.Database;
import stet.error.OutcomeUnknownException;
import stet.lease.LeaseStore;
import stet.lease.RecordHeldException;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * The one write path of records: a change, its revision and its unique values in one
 * transaction. Every write (create, save, merge, revert, undo, delete, restore) comes
 * through here, and each is
 * <ul>
 *   <li>checked against the collection definition it was validated with: the
 *       definition is locked {@code FOR SHARE} by the write's first statement, so an admin's change of it waits
 *       for writes in flight (and sees their values when it starts enforcing
 *       uniqueness), and a write that held an older definition is refused with
 *       {@link DefinitionChanged} before it writes anything, to be validated again;</li>
 *   <li>one conditional statement on the version its author saw, which also appends
 *       the revision (one round trip), and whose {@code RETURNING} row is the answer: after the commit nothing is read again, so
 *       a page never names someone else's later version, and a database lost right
 *       after the commit cannot turn a saved change into an error;</li>
 *   <li>in an exclusive collection, refused and rolled back when another user holds the
 *       lease of a record it changed, checked once the write holds the record's row (see
 *       {@link #refuseIfHeld});</li>
 *   <li>told apart from a commit that failed: then nobody knows whether it was saved,
 *       and the caller gets an {@link OutcomeUnknownException} pointing at the history.</li>
 * </ul>
 */
final class RecordWriter {

    /** How often a write is validated again when an admin changes the collection's definition while it is written. */
    static final int DEFINITION_ATTEMPTS = 3;

    /**
     * The collection's definition changed after the write was validated against it;
     * nothing was written. The caller validates again against the new definition.
     */
    static final class DefinitionChanged extends RuntimeException {
        DefinitionChanged() {
            super(null, null, false, false);
        }
    }

    /** Another request with the same idempotency key created the record; nothing was written. */
    static final class DuplicateRequest extends RuntimeException {
        DuplicateRequest() {
            super(null, null, false, false);
        }
    }

    private final Database db;
    private final RecordStore store;
    private final LeaseStore leases;

    RecordWriter(Database db, RecordStore store, LeaseStore leases) {
        this.db = db;
        this.store = store;
        this.leases = leases;
    }

    /**
     * Runs a write again, from reading the collection on, when an admin changed the
     * collection's definition while it was written ({@link DefinitionChanged}): it is
     * validated against the definition in force when it commits (say, a field just made
     * unique). {@code write} gets the attempt's number, from 1.
     */
    static <T> T withCurrentDefinition(IntFunction<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.apply(attempt);
            } catch (DefinitionChanged e) {
                if (attempt == DEFINITION_ATTEMPTS) {
                    throw new IllegalStateException("the collection's definition kept changing during a write", e);
                }
            }
        }
    }

    /**
     * Creates a record at version 1. With an idempotency key, a second request with the
     * same key fails with {@link DuplicateRequest} (after waiting for the first).
     */
    StoredRecord create(Collection collection, Map<String, String> data, String idempotencyKey, String note, User author) {
        return write("/collections/" + collection.slug(), "the collection", tx -> {
            if (store.shareDefinition(tx, collection.id()) != collection.version()) {
                throw new DefinitionChanged();
            }
            if (idempotencyKey != null && !store.claimCreateRequest(tx, author.id(), idempotencyKey)) {
                throw new DuplicateRequest();
            }
            StoredRecord created = insert(tx, collection, data, note, author, null);
            if (idempotencyKey != null) {
                store.completeCreateRequest(tx, author.id(), idempotencyKey, created.id());
            }
            return created;
        });
    }

    /**
     * Changes a live record from {@code current} (the version its author saw) to
     * {@code revision.data()}, recording {@code revision} (whose version is filled in).
     *
     * @throws StaleVersionException when the record is no longer at that version
     * @throws UniqueValueTakenException when another record holds a new unique value
     */
    StoredRecord update(Collection collection, StoredRecord current, Revision revision, User author) {
        return write(history(current), "the record's history", tx -> change(tx, collection, current, revision, author, null));
    }

    /**
     * The work done on a record while its row is locked: {@code current} is the record as
     * saved now (read under the lock), and {@code update} writes a change of it, recording
     * the revision given (see {@link #update}); it cannot be stale, as nobody else can
     * write the record before the transaction ends.
     */
    interface LockedWork<T> {
        T apply(StoredRecord current, Function<Revision, StoredRecord> update, SavedWith savedWith);
    }

    /**
     * Reads, in the locked transaction, the record's revision after {@code version} that the
     * request of idempotency key {@code key} wrote, if any.
     */
    interface SavedWith {
        Optional<Revision> revision(int version, String key);
    }

    /**
     * Runs {@code work} in one transaction that first locks record {@code id}'s row (see
     * {@link RecordStore#lock}): for a stale save, which merges against the version it
     * reads and writes the merge before anyone else can save, so a clean merge always
     * lands. The lock ends with the transaction, before any page is shown. A lock not had
     * within the lock timeout fails the transaction as busy, with nothing written.
     */
    <T> T locked(Collection collection, long id, User author, LockedWork<T> work) {
        return write(history(id), "the record's history", tx -> {
            StoredRecord current = lock(tx, id);
            return work.apply(current, revision -> change(tx, collection, current, revision, author, null),
                    (version, key) -> store.savedWith(tx, id, version, key));
        });
    }

    /** The record as saved now, its row locked until {@code tx} ends (see {@link RecordStore#lock}). */
    StoredRecord lock(DSLContext tx, long id) {
        return store.lock(tx, id).orElseThrow();
    }

    /** Deletes a live record still at {@code current}'s version; its history and values stay in revisions. */
    StoredRecord delete(Collection collection, StoredRecord current, String note, User author) {
        return write(history(current), "the record's history", tx -> remove(tx, collection, current, note, author, null));
    }

    /**
     * Runs {@code work} in one transaction in which it may write many records (an import's
     * batch), each exactly as a single write would: see {@link RecordBatch}. A write that
     * throws out of {@code work} rolls the whole batch back.
     */
    <T> T batch(Function<RecordBatch, T> work) {
        return write(null, null, tx -> work.apply(new RecordBatch(tx, this)));
    }

    /** A create's statements: the record at version 1, its revision, its unique values. */
    StoredRecord insert(DSLContext tx, Collection collection, Map<String, String> data, String note, User author,
            Long importId) {
        StoredRecord created = store.insert(tx, collection.id(), data, author);
        store.insertRevision(tx, new Revision(created.id(), 1, importId == null ? Revision.Kind.CREATE : Revision.Kind.IMPORT,
                author.id(), null, null, null, null, note, List.copyOf(new TreeSet<>(data.keySet())), data), null,
                importId);
        claimUniqueValues(tx, collection, created.id(), Map.of(), data);
        return created;
    }

    /** Many creates in few statements (records, revisions, unique values: one statement each); see {@link RecordBatch}. */
    List<StoredRecord> insertAll(DSLContext tx, Collection collection, List<Map<String, String>> data, String note,
            User author, long importId) {
        List<StoredRecord> created = store.insertAll(tx, collection.id(), data, Revision.Kind.IMPORT, note, author,
                importId);
        List<RecordStore.UniqueClaim> claims = new ArrayList<>();
        for (StoredRecord record : created) {
            for (FieldDef field : collection.fields()) {
                String value = record.data().get(field.key());
                if (field.unique() && value != null) {
                    claims.add(new RecordStore.UniqueClaim(field.key(), value, record.id()));
                }
            }
        }
        store.claimUniqueValues(tx, collection.id(), claims);
        return created;
    }

    /** A change's statements: the conditional UPDATE with its revision, and the unique values it moves. */
    StoredRecord change(DSLContext tx, Collection collection, StoredRecord current, Revision revision, User author,
            Long importId) {
        StoredRecord saved = store.update(tx, collection, current, withVersion(revision, next(current)), author, importId);
        refuseIfHeld(tx, collection, List.of(current.id()), author, false);
        claimUniqueValues(tx, collection, current.id(), current.data(), revision.data());
        return saved;
    }

    /** Many changes that move no unique value, in one statement with their revisions; see {@link RecordBatch#updateAll}. */
    Map<Long, StoredRecord> changeAll(DSLContext tx, Collection collection, List<RecordBatch.Change> changes,
            Revision.Kind kind, String note, User author, Long importId) {
        Map<Long, StoredRecord> saved = store.updateAll(tx, collection, changes, kind, note, author, importId);
        refuseIfHeld(tx, collection, saved.keySet(), author, false);
        return saved;
    }

    /**
     * In an exclusive collection, fails the write (its transaction rolls back) when another
     * user holds the lease of a record it changed. The caller checked the lease before it
     * wrote; this check is made again once the write has locked the records' rows, for a lease
     * taken in between: a lease is taken under a lock on the row (see {@link LeaseStore}), so
     * one taken before the write's lock is seen here, and one taken after waits for the commit.
     *
     * @param deleted whether the records were deleted before the write (a restore)
     * @throws RecordHeldException naming the holder of the first record held
     */
    private void refuseIfHeld(DSLContext tx, Collection collection, java.util.Collection<Long> ids, User author,
            boolean deleted) {
        if (!collection.leasing().exclusive()) {
            return;
        }
        leases.heldByOthers(tx, ids, author.id()).values().stream().findFirst().ifPresent(lease -> {
            throw new RecordHeldException(lease, deleted);
        });
    }

    /** A delete's statements: the conditional UPDATE with its revision, and the release of its unique values. */
    StoredRecord remove(DSLContext tx, Collection collection, StoredRecord current, String note, User author,
            Long importId) {
        StoredRecord deleted = store.markDeleted(tx, collection, current, new Revision(current.id(), next(current),
                Revision.Kind.DELETE, author.id(), null, null, current.version(), null, note, List.of(), current.data()),
                author, importId);
        refuseIfHeld(tx, collection, List.of(current.id()), author, false);
        // A deleted record holds no values: they are free for others.
        store.releaseUniqueValues(tx, current.id(), null);
        return deleted;
    }

    /** Locks the collection's definition for the transaction; false when it is no longer at {@code collection}'s version. */
    boolean holdsDefinition(DSLContext tx, Collection collection) {
        return store.shareDefinition(tx, collection.id()) == collection.version();
    }

    /** Brings back a record still deleted at {@code current}'s version, with {@code data}. */
    StoredRecord restore(Collection collection, StoredRecord current, Map<String, String> data, String note, User author) {
        return write(history(current), "the record's history", tx -> {
            StoredRecord restored = store.restore(tx, collection, current, new Revision(current.id(), next(current),
                    Revision.Kind.RESTORE, author.id(), null, null, current.version(), null, note,
                    Revision.changedKeys(current.data(), data), data), author);
            refuseIfHeld(tx, collection, List.of(current.id()), author, true);
            claimUniqueValues(tx, collection, current.id(), Map.of(), data);
            return restored;
        });
    }

    /** The version a change of {@code current} writes: the conditional UPDATE writes exactly this one or none. */
    private static int next(StoredRecord current) {
        return current.version() + 1;
    }

    /**
     * Runs one write in a transaction whose first statement locks the definition it was
     * validated with (a create locks it on its own; a change of an existing record in its
     * conditional UPDATE, see {@link RecordStore}). {@code link} is where the user can
     * check a write whose commit failed.
     */
    private <T> T write(String link, String linkText, Function<DSLContext, T> change) {
        try {
            return db.transaction(change);
        } catch (OutcomeUnknownException e) {
            if (link == null) {
                throw e;
            }
            throw new OutcomeUnknownException("The database failed while saving your change, so we cannot tell whether"
                    + " it was saved. Check " + linkText + " before you save again.", link, "Open " + linkText,
                    e.getCause());
        }
    }

    /**
     * Moves the record's claims on unique values from {@code before} (the values it holds
     * now; empty when it holds none) to {@code after}, for the fields unique in the
     * definition the transaction locked.
     */
    private void claimUniqueValues(DSLContext tx, Collection collection, long recordId, Map<String, String> before,
            Map<String, String> after) {
        List<FieldDef> moved = new ArrayList<>();
        for (FieldDef field : collection.fields()) {
            if (field.unique() && !Objects.equals(before.get(field.key()), after.get(field.key()))) {
                moved.add(field);
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        if (!before.isEmpty()) {
            store.releaseUniqueValues(tx, recordId, moved.stream().map(FieldDef::key).toList());
        }
        for (FieldDef field : moved) {
            String value = after.get(field.key());
            if (value != null) {
                store.claimUniqueValue(tx, collection.id(), field.key(), value, recordId);
            }
        }
    }

    private static String history(StoredRecord record) {
        return history(record.id());
    }

    private static String history(long id) {
        return "/records/" + id + "/history";
    }

    private static Revision withVersion(Revision r, int version) {
        return new Revision(r.recordId(), version, r.kind(), r.authorId(), r.authorName(), r.createdAt(), r.baseVersion(),
                r.mergedVersion(), r.comment(), r.changedFields(), r.data(), r.requestKey());
    }
}
