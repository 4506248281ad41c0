package stet.record;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import stet.auth.User;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * Several record writes in one transaction (an import's batch, an import's revert), each
 * made of exactly the statements a single write is ({@link RecordWriter}: the conditional
 * UPDATE with its revision, the unique values), so that each record is version-checked
 * as a normal save and gets exactly one revision. A write that fails on its own (stale,
 * a unique value taken) leaves the others in the batch standing: a write that claims a
 * unique value runs in a savepoint, rolled back when its claim fails. The
 * batch commits when the work given to {@link RecordService#batch} returns.
 */
public final class RecordBatch {

    /**
     * The collection's definition is no longer the one the batch was validated with;
     * nothing of the batch is written (the caller validates again and retries).
     */
    public static final class DefinitionChanged extends RuntimeException {
        DefinitionChanged() {
            super("the collection's definition changed during the batch", null, false, false);
        }
    }

    /**
     * A change of one record from {@code current} (the version its author saw).
     *
     * @param kind what the revision records ({@link Revision.Kind#IMPORT}, {@link Revision.Kind#REVERT}, …)
     * @param baseVersion the version its author started from
     * @param mergedVersion for a merge, the saved version it was merged with; else null
     * @param data the record's values after the change
     * @param note the revision's comment, or null
     * @param requestKey what the revision keeps of the request that made the change ({@link RequestKey}), or null
     */
    public record Change(StoredRecord current, Revision.Kind kind, Integer baseVersion, Integer mergedVersion,
            Map<String, String> data, String note, String requestKey) {}

    private final DSLContext tx;
    private final RecordWriter writer;
    private long heldDefinition = -1;

    RecordBatch(DSLContext tx, RecordWriter writer) {
        this.tx = tx;
        this.writer = writer;
    }

    /**
     * Creates records at version 1 with revisions of kind import: few statements for them
     * all, in a savepoint. When any of them would take a unique value another record holds,
     * throws {@link UniqueValueTakenException} and none of them is written (the caller can
     * then create them one by one with {@link #create}, to tell which).
     */
    public List<StoredRecord> createAll(Collection collection, List<Map<String, String>> data, String note, User author,
            long importId) {
        holdDefinition(collection);
        if (collection.fields().stream().noneMatch(FieldDef::unique)) {
            return writer.insertAll(tx, collection, data, note, author, importId);
        }
        return tx.transactionResult(savepoint -> writer.insertAll(savepoint.dsl(), collection, data, note, author, importId));
    }

    /**
     * Creates one record at version 1 (kind import when {@code importId} is given).
     *
     * @throws UniqueValueTakenException when another record holds one of its unique values (nothing of it written)
     */
    public StoredRecord create(Collection collection, Map<String, String> data, String note, User author, Long importId) {
        holdDefinition(collection);
        return alone(claimsUnique(collection, Map.of(), data), t -> writer.insert(t, collection, data, note, author, importId));
    }

    /**
     * Changes one record if it is still at {@code change.current()}'s version.
     *
     * @throws StaleVersionException when it moved on (nothing of it written)
     * @throws UniqueValueTakenException when another record holds a new unique value (nothing of it written)
     */
    public StoredRecord update(Collection collection, Change change, User author, Long importId) {
        holdDefinition(collection);
        Revision revision = Revision.pending(change.current(), change.kind(), author, change.baseVersion(),
                change.mergedVersion(), change.note(), Revision.changedKeys(change.current().data(), change.data()),
                change.data()).withRequestKey(change.requestKey());
        return alone(claimsUnique(collection, change.current().data(), change.data()),
                t -> writer.change(t, collection, change.current(), revision, author, importId));
    }

    /**
     * Changes many records at once (one statement), each only if it is still at its
     * {@code current} version, with a revision of {@code kind} each. None may move a unique
     * value (those go through {@link #update}, which claims it). Returns the records
     * changed, by id; a record left out had moved on and is unchanged.
     */
    public Map<Long, StoredRecord> updateAll(Collection collection, List<Change> changes, Revision.Kind kind,
            String note, User author, Long importId) {
        holdDefinition(collection);
        for (Change change : changes) {
            if (claimsUnique(collection, change.current().data(), change.data())) {
                throw new IllegalArgumentException("record " + change.current().id() + " moves a unique value: update it alone");
            }
        }
        try {
            return writer.changeAll(tx, collection, changes, kind, note, author, importId);
        } catch (RecordWriter.DefinitionChanged e) {
            throw new DefinitionChanged();
        }
    }

    /** Whether a change moves a unique value, so that it must be written with {@link #update}. */
    public static boolean movesUniqueValue(Collection collection, Change change) {
        return claimsUnique(collection, change.current().data(), change.data());
    }

    /**
     * Deletes one live record if it is still at {@code current}'s version.
     *
     * @throws StaleVersionException when it moved on or was deleted (nothing written)
     */
    public StoredRecord delete(Collection collection, StoredRecord current, String note, User author, Long importId) {
        holdDefinition(collection);
        return writer.remove(tx, collection, current, note, author, importId);
    }

    /**
     * The record as saved now, its row locked until the batch ends: a change from it
     * cannot be stale (for a row merged again after its record moved on; see
     * {@link RecordStore#lock}, which waits at most the lock timeout).
     */
    public StoredRecord lock(long id) {
        return writer.lock(tx, id);
    }

    /** Runs another store's writes in the batch's transaction (an import marking its rows applied). */
    public <T> T alsoWrite(Function<DSLContext, T> work) {
        return work.apply(tx);
    }

    /**
     * Whether a write from {@code before} to {@code after} claims a unique value. Only such a
     * write needs a savepoint: a transaction with more than 64 subtransactions that wrote
     * makes every snapshot look them up in pg_subtrans, which slows the whole database.
     */
    private static boolean claimsUnique(Collection collection, Map<String, String> before, Map<String, String> after) {
        return collection.fields().stream().anyMatch(f -> f.unique() && after.get(f.key()) != null
                && !after.get(f.key()).equals(before.get(f.key())));
    }

    /** One record's write, in a savepoint of its own when a unique claim could fail after it wrote. */
    private StoredRecord alone(boolean claims, Function<DSLContext, StoredRecord> write) {
        try {
            if (!claims) {
                return write.apply(tx);
            }
            return tx.transactionResult(savepoint -> write.apply(savepoint.dsl()));
        } catch (RecordWriter.DefinitionChanged e) {
            throw new DefinitionChanged();
        }
    }

    /** The first write of a collection in the batch locks its definition and checks its version. */
    private void holdDefinition(Collection collection) {
        if (heldDefinition == collection.id()) {
            return;
        }
        if (!writer.holdsDefinition(tx, collection)) {
            throw new DefinitionChanged();
        }
        heldDefinition = collection.id();
    }
}
