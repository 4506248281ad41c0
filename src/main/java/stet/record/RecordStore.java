package stet.record;

import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.CREATE_REQUEST;
import static stet.db.jooq.Tables.LEASE;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;
import static stet.db.jooq.Tables.UNIQUE_VALUE;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import stet.auth.User;
import stet.db.JsonMaps;
import stet.db.RenderedSql;
import stet.db.jooq.Routines;
import stet.db.jooq.tables.AppUser;
import stet.db.jooq.tables.records.RecordRecord;
import stet.lease.Lease;
import stet.lease.LeaseStore;
import stet.schema.Collection;

/**
 * Records, their revisions and the side tables that keep writes safe (unique values,
 * create requests). Every write is conditioned on the version its author saw, and each
 * write method takes the transaction's {@link DSLContext}: the caller writes the change
 * and its revision in the same transaction.
 */
public final class RecordStore {

    /** The definition's version, read with the record so that a cached definition is checked without a query. */
    private static final Field<Integer> DEFINITION_VERSION = COLLECTION.VERSION.as("definition_version");
    /** What a record is read with: its {@link StoredRecord}'s values, in that order. */
    private static final List<Field<?>> FIND_COLUMNS = List.of(RECORD.ID, RECORD.COLLECTION_ID, RECORD.DATA,
            RECORD.VERSION, RECORD.DELETED, RECORD.UPDATED_AT, APP_USER.DISPLAY_NAME, RECORD.UPDATED_BY,
            DEFINITION_VERSION);
    /** Who holds a record's lease, joined beside the record's last author. */
    private static final AppUser HOLDER = APP_USER.as("holder");
    /** {@link #FIND_COLUMNS} and the record's live lease, if any (null columns when none). */
    private static final List<Field<?>> SHOWN_COLUMNS = Stream.concat(FIND_COLUMNS.stream(),
            Stream.of(LEASE.USER_ID, HOLDER.DISPLAY_NAME, LEASE.TAKEN_AT, LEASE.EXPIRES_AT)).toList();
    /** The columns a revision is written with, in the order of {@link #revisionValues}. */
    private static final List<Field<?>> REVISION_COLUMNS = List.of(REVISION.RECORD_ID, REVISION.VERSION, REVISION.KIND,
            REVISION.AUTHOR_ID, REVISION.BASE_VERSION, REVISION.MERGED_VERSION, REVISION.COMMENT,
            REVISION.CHANGED_FIELDS, REVISION.DATA, REVISION.DELTA, REVISION.IMPORT_ID, REVISION.REQUEST_KEY);
    /** The parameters of a change besides its changed columns and its revision's. */
    private static final int CHANGE_PARAMETERS = 6;

    private final DSLContext dsl;
    /**
     * {@link #find}'s statement, rendered once: every page and save reads a record by id,
     * and rendering the query each time cost more of the node's CPU than running it.
     */
    private final RenderedSql findStatement;
    /** {@link #findShown}'s statement: {@link #findStatement} with the record's live lease. */
    private final RenderedSql findShownStatement;
    /** {@link #findTakingLease}'s statement: {@link #findStatement} that also takes the reader's lease on the record. */
    private final RenderedSql findTakingLeaseStatement;
    /** {@link #lock}'s statement: {@link #findStatement} that also locks the record's row. */
    private final RenderedSql lockStatement;
    /** {@link #revisions}' statement, rendered once like {@link #findStatement}: every history page reads it. */
    private final RenderedSql revisionsStatement;
    /** {@link #conditionalChange}'s statements, by the columns they change (the data, the deleted flag, or both). */
    private final Map<List<Field<?>>, RenderedSql> changes = new ConcurrentHashMap<>();

    public RecordStore(DSLContext dsl) {
        this.dsl = dsl;
        this.findStatement = RenderedSql.of(dsl, selectRecords().where(RECORD.ID.eq(RenderedSql.param(0, RECORD.ID))));
        this.findShownStatement = RenderedSql.of(dsl, selectRecords(SHOWN_COLUMNS)
                .leftJoin(LEASE).on(LEASE.RECORD_ID.eq(RECORD.ID).and(LEASE.EXPIRES_AT.gt(DSL.currentOffsetDateTime())))
                .leftJoin(HOLDER).on(HOLDER.ID.eq(LEASE.USER_ID))
                .where(RECORD.ID.eq(RenderedSql.param(0, RECORD.ID))));
        this.findTakingLeaseStatement = renderFindTakingLease();
        this.lockStatement = RenderedSql.of(dsl,
                selectRecords().where(RECORD.ID.eq(RenderedSql.param(0, RECORD.ID))).forNoKeyUpdate().of(RECORD));
        this.revisionsStatement = RenderedSql.of(dsl, selectRevisions(dsl, false)
                .where(REVISION.RECORD_ID.eq(RenderedSql.param(0, REVISION.RECORD_ID))
                        .and(REVISION.VERSION.lt(RenderedSql.param(1, REVISION.VERSION))))
                .orderBy(REVISION.VERSION.desc())
                .limit(RenderedSql.param(2, SQLDataType.INTEGER)));
    }

    public Optional<StoredRecord> find(long id) {
        return findStatement.fetchOptional(dsl, RecordStore::toRecord, id);
    }

    /**
     * The record with the live lease on it, if any, in one statement: what the record page
     * shows (a second statement for the lease was a third of the page's round trips).
     */
    public Optional<ShownRecord> findShown(long id) {
        return findShownStatement.fetchOptional(dsl, row -> {
            StoredRecord record = toRecord(row);
            int lease = FIND_COLUMNS.size() + 1;
            Long holder = RenderedSql.nullableLong(row, lease);
            return new ShownRecord(record, holder == null ? Optional.empty() : Optional.of(new Lease(record.id(), holder,
                    row.getString(lease + 1), RenderedSql.time(row, lease + 2), RenderedSql.time(row, lease + 3))));
        }, id);
    }

    /**
     * The record, and the lease on it taken or renewed for {@code reader}'s session, in one
     * statement: what the edit form needs (taking the lease in a statement of its own was a
     * third of the form's round trips). The lease runs for the collection's lease minutes as
     * the database has them. The record's row is locked {@code FOR SHARE} as it is read, so
     * a write of it in flight is waited for and its result read (see {@link stet.lease.LeaseStore}).
     * It is taken only on a live record; the {@code taken} lease is
     * empty when the record is deleted or someone else holds a live lease on it (see
     * {@link stet.lease.LeaseService#take(long, stet.schema.Leasing, User, String, Optional)}
     * for what the caller does then).
     */
    public Optional<LeasedRecord> findTakingLease(long id, User reader, String sessionId) {
        return findTakingLeaseStatement.fetchOptional(dsl, row -> {
            StoredRecord record = toRecord(row);
            // After the record's columns: the collection's lease minutes, then the lease taken.
            int taken = FIND_COLUMNS.size() + 2;
            OffsetDateTime takenAt = RenderedSql.time(row, taken);
            return new LeasedRecord(record, takenAt == null ? Optional.empty() : Optional.of(
                    new Lease(id, reader.id(), reader.displayName(), takenAt, RenderedSql.time(row, taken + 1))));
        }, id, reader.id(), sessionId);
    }

    private RenderedSql renderFindTakingLease() {
        Field<Long> id = DSL.field(DSL.name("found", RECORD.ID.getName()), Long.class);
        Field<Boolean> deleted = DSL.field(DSL.name("found", RECORD.DELETED.getName()), Boolean.class);
        Field<Integer> minutes = DSL.field(DSL.name("found", COLLECTION.LEASE_MINUTES.getName()), Integer.class);
        // Read under the lock a lease is taken with (see LeaseStore): after a write in flight, as it left the record.
        var read = selectRecords(Stream.concat(FIND_COLUMNS.stream(), Stream.of(COLLECTION.LEASE_MINUTES)).toList())
                .where(RECORD.ID.eq(RenderedSql.param(0, RECORD.ID)))
                .forShare().of(RECORD);
        var take = LeaseStore.taking(dsl, id, RenderedSql.param(1, LEASE.USER_ID), RenderedSql.param(2, LEASE.SESSION_ID),
                minutes, DSL.table(DSL.name("found")), deleted.isFalse());
        return RenderedSql.of(dsl, dsl.resultQuery(
                "with found as ({0}), taken as ({1}) select found.*, taken.taken_at, taken.expires_at"
                        + " from found left join taken on true", read, take));
    }

    /**
     * The record as saved now, its row locked until {@code tx} ends against every other
     * write of it ({@code FOR NO KEY UPDATE}: the lock its conditional UPDATE takes anyway,
     * so it blocks nothing a write would not). Waits at most the lock timeout for a writer
     * holding it; then the transaction fails as busy (see {@link stet.db.DatabaseTimeouts}).
     */
    public Optional<StoredRecord> lock(DSLContext tx, long id) {
        return lockStatement.fetchOptional(tx, RecordStore::toRecord, id);
    }


    /** The records with these ids, deleted or not, in no particular order; an unknown id is left out. */
    public List<StoredRecord> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return selectRecords().where(RECORD.ID.in(ids)).fetch(this::toRecord);
    }

    /** Deleted records of a collection, most recently created first, before {@code beforeId} (keyset paging). */
    public List<StoredRecord> deleted(long collectionId, long beforeId, int limit) {
        return selectRecords()
                .where(RECORD.COLLECTION_ID.eq(collectionId).and(RECORD.DELETED.isTrue()).and(RECORD.ID.lt(beforeId)))
                .orderBy(RECORD.ID.desc())
                .limit(limit)
                .fetch(this::toRecord);
    }

    private SelectJoinStep<org.jooq.Record> selectRecords() {
        return selectRecords(FIND_COLUMNS);
    }

    private SelectJoinStep<org.jooq.Record> selectRecords(List<? extends org.jooq.SelectFieldOrAsterisk> columns) {
        return dsl.select(columns)
                .from(RECORD)
                .join(COLLECTION).on(COLLECTION.ID.eq(RECORD.COLLECTION_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(RECORD.UPDATED_BY));
    }

    private StoredRecord toRecord(org.jooq.Record r) {
        return new StoredRecord(
                r.get(RECORD.ID),
                r.get(RECORD.COLLECTION_ID),
                JsonMaps.fromJsonb(r.get(RECORD.DATA)),
                r.get(RECORD.VERSION),
                r.get(RECORD.DELETED),
                r.get(RECORD.UPDATED_AT),
                r.get(APP_USER.DISPLAY_NAME),
                r.get(RECORD.UPDATED_BY),
                r.get(DEFINITION_VERSION));
    }

    /** A row of {@link #FIND_COLUMNS} as a record. */
    private static StoredRecord toRecord(ResultSet row) throws SQLException {
        return new StoredRecord(row.getLong(1), row.getLong(2), JsonMaps.fromJson(row.getString(3)), row.getInt(4),
                row.getBoolean(5), RenderedSql.time(row, 6), row.getString(7), RenderedSql.nullableLong(row, 8),
                row.getInt(9));
    }

    /** A row {@link #renderChange}'s statement returns, written by {@code author}, as a record. */
    private static StoredRecord toRecord(ResultSet row, User author) throws SQLException {
        return new StoredRecord(row.getLong(1), row.getLong(2), JsonMaps.fromJson(row.getString(3)), row.getInt(4),
                row.getBoolean(5), RenderedSql.time(row, 6), author.displayName(), author.id(), 0);
    }

    /**
     * Locks the collection's definition against change until the transaction ends and
     * returns its version. Writers share the lock with each other; an admin's change of
     * the definition waits for them, and they wait for it (see {@link RecordWriter}).
     */
    public int shareDefinition(DSLContext tx, long collectionId) {
        return tx.select(COLLECTION.VERSION)
                .from(COLLECTION)
                .where(COLLECTION.ID.eq(collectionId))
                .forShare()
                .fetchSingle(COLLECTION.VERSION);
    }

    /** Inserts a record at version 1 and returns it as inserted. */
    public StoredRecord insert(DSLContext tx, long collectionId, Map<String, String> data, User author) {
        RecordRecord row = tx.insertInto(RECORD)
                .set(RECORD.COLLECTION_ID, collectionId)
                .set(RECORD.DATA, JsonMaps.toJsonb(data))
                .set(RECORD.VERSION, 1)
                .set(RECORD.CREATED_BY, author.id())
                .set(RECORD.UPDATED_BY, author.id())
                .returning()
                .fetchSingle();
        return toRecord(row, author);
    }

    /**
     * Sets a live record's data to {@code revision.data()} if it is still at
     * {@code current}'s version, and appends {@code revision}: one conditional statement.
     * Returns the record as this statement left it.
     *
     * @throws StaleVersionException when the record moved on or was deleted
     */
    public StoredRecord update(DSLContext tx, Collection definition, StoredRecord current, Revision revision, User author) {
        return update(tx, definition, current, revision, author, null);
    }

    /** {@link #update}, recording the import that made the change ({@code importId}; null for none). */
    public StoredRecord update(DSLContext tx, Collection definition, StoredRecord current, Revision revision, User author,
            Long importId) {
        return conditionalChange(tx, definition, current, revision, author, false,
                Map.of(RECORD.DATA, JsonMaps.toJsonb(revision.data())), importId);
    }

    /**
     * Brings a deleted record back with {@code revision.data()} if it is still at
     * {@code current}'s version, and appends {@code revision}. Returns the record as restored.
     *
     * @throws StaleVersionException when the record moved on or is not deleted
     */
    public StoredRecord restore(DSLContext tx, Collection definition, StoredRecord current, Revision revision, User author) {
        return conditionalChange(tx, definition, current, revision, author, true,
                Map.of(RECORD.DATA, JsonMaps.toJsonb(revision.data()), RECORD.DELETED, false), null);
    }

    /**
     * Marks a live record deleted if it is still at {@code current}'s version, and appends
     * {@code revision}. Returns the record as deleted.
     *
     * @throws StaleVersionException when the record moved on or was already deleted
     */
    public StoredRecord markDeleted(DSLContext tx, Collection definition, StoredRecord current, Revision revision,
            User author) {
        return markDeleted(tx, definition, current, revision, author, null);
    }

    /** {@link #markDeleted}, recording the import revert that made the change ({@code importId}; null for none). */
    public StoredRecord markDeleted(DSLContext tx, Collection definition, StoredRecord current, Revision revision,
            User author, Long importId) {
        return conditionalChange(tx, definition, current, revision, author, false, Map.of(RECORD.DELETED, true),
                importId);
    }

    /**
     * The one conditional UPDATE every change of an existing record is, with the INSERT of
     * its revision in the same statement (a data-modifying {@code WITH}: the revision is
     * written only when the record was). The statement also locks the collection's
     * definition {@code FOR SHARE} and requires it to be still at the version the change
     * was validated with (see {@link RecordWriter}). One round trip for all three. The row
     * comes back from RETURNING: read again after the commit it could already be a later
     * version, someone else's.
     *
     * @throws StaleVersionException when the record moved on (or is not as {@code deleted} says)
     * @throws RecordWriter.DefinitionChanged when the definition is no longer at that version
     */
    private StoredRecord conditionalChange(DSLContext tx, Collection definition, StoredRecord current, Revision revision,
            User author, boolean deleted, Map<Field<?>, Object> values, Long importId) {
        List<Field<?>> columns = values.keySet().stream().sorted(Comparator.comparing(Field::getName)).toList();
        RenderedSql statement = changes.computeIfAbsent(columns, this::renderChange);
        List<Object> binds = new ArrayList<>(columns.size() + CHANGE_PARAMETERS + REVISION_COLUMNS.size());
        columns.forEach(column -> binds.add(values.get(column)));
        binds.addAll(List.of(author.id(), current.id(), current.version(), deleted, definition.id(), definition.version()));
        binds.addAll(Arrays.asList(revisionValues(revision, current.data(), importId)));
        Optional<StoredRecord> changed = statement.fetchOptional(tx, row -> toRecord(row, author), binds.toArray());
        if (changed.isPresent()) {
            return changed.get();
        }
        // Nothing written: tell a changed definition (validate again) from a stale record (merge).
        if (shareDefinition(tx, definition.id()) != definition.version()) {
            throw new RecordWriter.DefinitionChanged();
        }
        throw new StaleVersionException(current.id(), current.version());
    }

    /**
     * {@link #conditionalChange}'s statement for a change of {@code columns}: their values,
     * then the author, the record's id, version and deleted flag, the definition's id and
     * version, then the revision's {@link #REVISION_COLUMNS}.
     */
    private RenderedSql renderChange(List<Field<?>> columns) {
        int p = 0;
        Map<Field<?>, Object> set = new LinkedHashMap<>();
        for (Field<?> column : columns) {
            set.put(column, RenderedSql.param(p++, column));
        }
        var author = RenderedSql.param(p++, RECORD.UPDATED_BY);
        var id = RenderedSql.param(p++, RECORD.ID);
        var version = RenderedSql.param(p++, RECORD.VERSION);
        var deleted = RenderedSql.param(p++, RECORD.DELETED);
        var definitionId = RenderedSql.param(p++, COLLECTION.ID);
        var definitionVersion = RenderedSql.param(p++, COLLECTION.VERSION);
        Field<Integer> heldDefinition = DSL.field(DSL.select(COLLECTION.VERSION)
                .from(COLLECTION)
                .where(COLLECTION.ID.eq(definitionId))
                .forShare());
        var update = dsl.update(RECORD)
                .set(set)
                .set(RECORD.VERSION, RECORD.VERSION.plus(DSL.inline(1)))
                .set(RECORD.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(RECORD.UPDATED_BY, author)
                .where(RECORD.ID.eq(id).and(RECORD.VERSION.eq(version))
                        .and(RECORD.DELETED.eq(deleted)).and(heldDefinition.eq(definitionVersion)))
                .returning(RECORD.ID, RECORD.COLLECTION_ID, RECORD.DATA, RECORD.VERSION, RECORD.DELETED,
                        RECORD.UPDATED_AT);
        List<Field<?>> revision = new ArrayList<>();
        for (Field<?> column : REVISION_COLUMNS) {
            revision.add(RenderedSql.param(p++, column));
        }
        var revisionInsert = dsl.insertInto(REVISION, REVISION_COLUMNS)
                .select(DSL.select(revision).from(DSL.table(DSL.name("saved"))));
        return RenderedSql.of(dsl, dsl.resultQuery(
                "with saved as ({0}), saved_revision as ({1}) select * from saved", update, revisionInsert));
    }

    /**
     * Changes many live records in one statement, each only if it is still at its
     * {@code current} version (the same condition, per row, as {@link #update}), appending
     * each one's revision ({@code kind}, {@code note}) in the same statement. Returns the
     * records it changed, by id; a record missing from the answer moved on (or was deleted)
     * and is unchanged. Changes of unique values are not for this: their claims are per record.
     *
     * @throws RecordWriter.DefinitionChanged when the definition is no longer at {@code definition}'s version
     */
    public Map<Long, StoredRecord> updateAll(DSLContext tx, Collection definition, List<RecordBatch.Change> changes,
            Revision.Kind kind, String note, User author, Long importId) {
        Map<Long, StoredRecord> saved = new HashMap<>();
        if (changes.isEmpty()) {
            return saved;
        }
        int n = changes.size();
        Long[] ids = new Long[n];
        Integer[] versions = new Integer[n];
        String[] data = new String[n];
        String[] snapshots = new String[n];
        String[] deltas = new String[n];
        String[] changed = new String[n];
        Integer[] bases = new Integer[n];
        Integer[] merged = new Integer[n];
        String[] keys = new String[n];
        Map<Long, RecordBatch.Change> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RecordBatch.Change change = changes.get(i);
            StoredRecord current = change.current();
            byId.put(current.id(), change);
            ids[i] = current.id();
            versions[i] = current.version();
            data[i] = JsonMaps.toJsonb(change.data()).data();
            boolean snapshot = isSnapshot(current.version() + 1);
            snapshots[i] = snapshot ? data[i] : null;
            deltas[i] = snapshot ? null : RevisionCodec.encode(current.data(), change.data());
            changed[i] = jsonArray(Revision.changedKeys(current.data(), change.data()));
            bases[i] = change.baseVersion();
            merged[i] = change.mergedVersion();
            keys[i] = change.requestKey();
        }
        var rows = tx.resultQuery("""
                with v as (
                    select * from unnest({0}::bigint[], {1}::int[], {2}::jsonb[], {3}::jsonb[], {4}::jsonb[], {5}::jsonb[],
                                         {6}::int[], {7}::int[], {14}::text[])
                        as v(id, version, data, snapshot, delta, changed, base_version, merged_version, request_key)),
                saved as (
                    update record r set data = v.data, version = r.version + 1, updated_at = now(), updated_by = {8}
                    from v
                    where r.id = v.id and r.version = v.version and not r.deleted
                      and (select c.version from collection c where c.id = {9} for share) = {10}
                    returning r.id, r.version, r.updated_at),
                saved_revision as (
                    insert into revision (record_id, version, kind, author_id, base_version, merged_version, comment,
                                          changed_fields, data, delta, import_id, request_key)
                    select s.id, s.version, {11}, {8}, v.base_version, v.merged_version, {12},
                           array(select jsonb_array_elements_text(v.changed)), v.snapshot, v.delta, {13}, v.request_key
                    from saved s join v on v.id = s.id)
                select id, version, updated_at from saved""",
                DSL.val(ids), DSL.val(versions), DSL.val(data), DSL.val(snapshots), DSL.val(deltas), DSL.val(changed),
                DSL.val(bases), DSL.val(merged), DSL.val(author.id()), DSL.val(definition.id()),
                DSL.val(definition.version()), DSL.val(kind.dbName()), DSL.val(note, String.class),
                DSL.val(importId, Long.class), DSL.val(keys)).fetch();
        for (var row : rows) {
            long id = row.get(0, Long.class);
            RecordBatch.Change change = byId.get(id);
            saved.put(id, new StoredRecord(id, definition.id(), change.data(), row.get(1, Integer.class), false,
                    row.get(2, java.time.OffsetDateTime.class), author.displayName(), author.id()));
        }
        if (saved.size() < n && shareDefinition(tx, definition.id()) != definition.version()) {
            throw new RecordWriter.DefinitionChanged();
        }
        return saved;
    }

    private static StoredRecord toRecord(RecordRecord row, User author) {
        return new StoredRecord(row.getId(), row.getCollectionId(), JsonMaps.fromJsonb(row.getData()), row.getVersion(),
                row.getDeleted(), row.getUpdatedAt(), author.displayName(), author.id(), 0);
    }

    /**
     * Appends a revision; the primary key (record, version) refuses a second version n.
     * Its data is stored compactly: as a delta against {@code previous} (the data of the
     * version before), or whole at the first version and every
     * {@value #SNAPSHOT_INTERVAL}th after it, so reading any version applies at most
     * {@value #SNAPSHOT_INTERVAL} - 1 deltas.
     */
    public void insertRevision(DSLContext tx, Revision revision, Map<String, String> previous) {
        insertRevision(tx, revision, previous, null);
    }

    /** {@link #insertRevision}, recording the import that wrote it ({@code importId}; null for none). */
    public void insertRevision(DSLContext tx, Revision revision, Map<String, String> previous, Long importId) {
        tx.insertInto(REVISION).set(revisionRow(revision, previous, importId)).execute();
    }

    /**
     * Inserts records at version 1 with their first revisions ({@code kind}, {@code note}):
     * two multi-row statements for the whole list. Returns the records in the order of
     * {@code data}.
     */
    public List<StoredRecord> insertAll(DSLContext tx, long collectionId, List<Map<String, String>> data,
            Revision.Kind kind, String note, User author, Long importId) {
        if (data.isEmpty()) {
            return List.of();
        }
        int n = data.size();
        String[] json = new String[n];
        String[] changed = new String[n];
        for (int i = 0; i < n; i++) {
            json[i] = JsonMaps.toJsonb(data.get(i)).data();
            changed[i] = jsonArray(new java.util.TreeSet<>(data.get(i).keySet()));
        }
        // Plain SQL over arrays: one statement of any length, rendered by nobody. The rows are
        // inserted in the order given, and one statement takes its identity values in the order
        // of its rows, each greater than the one before: sorted, the ids are the rows' in order.
        List<org.jooq.Record> rows = new ArrayList<>(tx.resultQuery("""
                insert into record (collection_id, data, version, created_by, updated_by)
                select {0}, v.data, 1, {1}, {1} from unnest({2}::jsonb[]) with ordinality as v(data, n) order by v.n
                returning id, updated_at""", DSL.val(collectionId), DSL.val(author.id()), DSL.val(json)).fetch());
        rows.sort(java.util.Comparator.comparing(r -> r.get(0, Long.class)));
        Long[] ids = new Long[n];
        List<StoredRecord> created = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids[i] = rows.get(i).get(0, Long.class);
            created.add(new StoredRecord(ids[i], collectionId, data.get(i), 1, false,
                    rows.get(i).get(1, java.time.OffsetDateTime.class), author.displayName(), author.id()));
        }
        tx.execute("""
                insert into revision (record_id, version, kind, author_id, comment, changed_fields, data, import_id)
                select v.id, 1, {0}, {1}, {2}, array(select jsonb_array_elements_text(v.changed)), v.data, {3}
                from unnest({4}::bigint[], {5}::jsonb[], {6}::jsonb[]) as v(id, data, changed)""",
                DSL.val(kind.dbName()), DSL.val(author.id()), DSL.val(note, String.class), DSL.val(importId, Long.class),
                DSL.val(ids), DSL.val(json), DSL.val(changed));
        return created;
    }

    /** A JSON array of strings (a revision's changed fields, carried into SQL as jsonb). */
    private static String jsonArray(java.util.Collection<String> values) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    /** A revision's row: each column with its value, the data stored whole or as a delta against {@code previous}. */
    private static Map<Field<?>, Field<?>> revisionRow(Revision revision, Map<String, String> previous, Long importId) {
        Object[] values = revisionValues(revision, previous, importId);
        Map<Field<?>, Field<?>> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Field<?> column = REVISION_COLUMNS.get(i);
            row.put(column, DSL.val(values[i], column));
        }
        return row;
    }

    /** A revision's values in the order of {@link #REVISION_COLUMNS}, the data whole or as a delta against {@code previous}. */
    private static Object[] revisionValues(Revision revision, Map<String, String> previous, Long importId) {
        boolean snapshot = previous == null || isSnapshot(revision.version());
        return new Object[] {
            revision.recordId(),
            revision.version(),
            revision.kind().dbName(),
            revision.authorId(),
            revision.baseVersion(),
            revision.mergedVersion(),
            revision.comment(),
            revision.changedFields().toArray(String[]::new),
            snapshot ? JsonMaps.toJsonb(revision.data()) : null,
            snapshot ? null : JSONB.valueOf(RevisionCodec.encode(previous, revision.data())),
            importId,
            revision.requestKey()
        };
    }

    static final int SNAPSHOT_INTERVAL = 50;

    static boolean isSnapshot(int version) {
        return (version - 1) % SNAPSHOT_INTERVAL == 0;
    }

    /**
     * Revisions of a record, newest first, older than {@code beforeVersion} (keyset
     * paging), without their data (null): a list needs none, and it keeps a page fast
     * however long the history.
     */
    public List<Revision> revisions(long recordId, int beforeVersion, int limit) {
        // The columns of selectRevisions(dsl, false), in order.
        return revisionsStatement.fetch(dsl, r -> new Revision(r.getLong(1), r.getInt(2), Revision.Kind.fromDb(r.getString(3)),
                RenderedSql.nullableLong(r, 4), r.getString(10), RenderedSql.time(r, 5), RenderedSql.nullableInt(r, 6),
                RenderedSql.nullableInt(r, 7), r.getString(8), List.of((String[]) r.getArray(9).getArray()), null),
                recordId, beforeVersion, limit);
    }

    /**
     * The record's last revision after {@code version} written by the request of idempotency key
     * {@code key}, with its data, read in {@code tx}: a save sent again finds the one it
     * repeats ({@link StaleSave}) and answers with what that one wrote. Only the revisions
     * after {@code version} are looked for, by the primary key.
     */
    public Optional<Revision> savedWith(DSLContext tx, long recordId, int version, String key) {
        return versionSavedWith(tx, recordId, version, key).flatMap(written -> revision(tx, recordId, written));
    }

    /** The version of {@link #savedWith}'s revision alone, its data not read (an import row's check). */
    public Optional<Integer> versionSavedWith(long recordId, int version, String key) {
        return versionSavedWith(dsl, recordId, version, key);
    }

    private static Optional<Integer> versionSavedWith(DSLContext tx, long recordId, int version, String key) {
        if (key == null) {
            return Optional.empty();
        }
        return tx.select(REVISION.VERSION)
                .from(REVISION)
                .where(REVISION.RECORD_ID.eq(recordId), REVISION.VERSION.gt(version), REVISION.REQUEST_KEY.eq(key))
                // The last: an import row made again after a revert took its first write out is found by its second.
                .orderBy(REVISION.VERSION.desc())
                .limit(1)
                .fetchOptional(REVISION.VERSION);
    }

    /** {@link #savedWith(DSLContext, long, int, String)} outside a transaction. */
    public Optional<Revision> savedWith(long recordId, int version, String key) {
        return savedWith(dsl, recordId, version, key);
    }

    /**
     * One revision of a record with its data, rebuilt from the nearest snapshot at or
     * before it and the deltas after that: one indexed query of at most
     * {@value #SNAPSHOT_INTERVAL} rows.
     */
    public Optional<Revision> revision(long recordId, int version) {
        return revision(dsl, recordId, version);
    }

    /** {@link #revision(long, int)} read in {@code tx}. */
    private Optional<Revision> revision(DSLContext tx, long recordId, int version) {
        var snapshot = DSL.select(DSL.max(REVISION.VERSION))
                .from(REVISION)
                .where(REVISION.RECORD_ID.eq(recordId).and(REVISION.VERSION.le(version)).and(REVISION.DATA.isNotNull()));
        List<org.jooq.Record> chain = selectRevisions(tx, true)
                .where(REVISION.RECORD_ID.eq(recordId)
                        .and(REVISION.VERSION.le(version))
                        .and(REVISION.VERSION.ge(snapshot.asField())))
                .orderBy(REVISION.VERSION)
                .fetch();
        if (chain.isEmpty() || chain.get(chain.size() - 1).get(REVISION.VERSION) != version) {
            return Optional.empty();
        }
        Map<String, String> data = null;
        for (org.jooq.Record r : chain) {
            JSONB full = r.get(REVISION.DATA);
            data = full != null ? JsonMaps.fromJsonb(full) : RevisionCodec.decode(data, r.get(REVISION.DELTA).data());
        }
        return Optional.of(toRevision(chain.get(chain.size() - 1), data));
    }

    private static SelectJoinStep<org.jooq.Record> selectRevisions(DSLContext dsl, boolean withData) {
        List<org.jooq.SelectField<?>> fields = new java.util.ArrayList<>(List.of(REVISION.RECORD_ID, REVISION.VERSION,
                REVISION.KIND, REVISION.AUTHOR_ID, REVISION.CREATED_AT, REVISION.BASE_VERSION, REVISION.MERGED_VERSION,
                REVISION.COMMENT, REVISION.CHANGED_FIELDS, APP_USER.DISPLAY_NAME));
        if (withData) {
            fields.add(REVISION.DATA);
            fields.add(REVISION.DELTA);
        }
        return dsl.select(fields)
                .from(REVISION)
                .leftJoin(APP_USER).on(APP_USER.ID.eq(REVISION.AUTHOR_ID));
    }

    private static Revision toRevision(org.jooq.Record r, Map<String, String> data) {
        return new Revision(
                r.get(REVISION.RECORD_ID),
                r.get(REVISION.VERSION),
                Revision.Kind.fromDb(r.get(REVISION.KIND)),
                r.get(REVISION.AUTHOR_ID),
                r.get(APP_USER.DISPLAY_NAME),
                r.get(REVISION.CREATED_AT),
                r.get(REVISION.BASE_VERSION),
                r.get(REVISION.MERGED_VERSION),
                r.get(REVISION.COMMENT),
                List.of(r.get(REVISION.CHANGED_FIELDS)),
                data);
    }

    /**
     * Claims a value of a unique field for a record. Of two transactions claiming the
     * same value, the second waits for the first and then fails.
     *
     * @throws UniqueValueTakenException when another record holds the value
     */
    public void claimUniqueValue(DSLContext tx, long collectionId, String fieldKey, String value, long recordId) {
        int inserted = tx.insertInto(UNIQUE_VALUE)
                .set(UNIQUE_VALUE.COLLECTION_ID, collectionId)
                .set(UNIQUE_VALUE.FIELD_KEY, fieldKey)
                .set(UNIQUE_VALUE.VALUE, value)
                .set(UNIQUE_VALUE.RECORD_ID, recordId)
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            throw new UniqueValueTakenException(fieldKey, value);
        }
    }

    /** One record's claim on a value of a unique field. */
    public record UniqueClaim(String fieldKey, String value, long recordId) {}

    /**
     * Claims many values at once (one statement), as {@link #claimUniqueValue} does each.
     *
     * @throws UniqueValueTakenException naming the first claim another record holds (or an
     *     earlier claim of the list took); the caller rolls back what it wrote
     */
    public void claimUniqueValues(DSLContext tx, long collectionId, List<UniqueClaim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        int n = claims.size();
        String[] keys = new String[n];
        String[] values = new String[n];
        Long[] records = new Long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = claims.get(i).fieldKey();
            values[i] = claims.get(i).value();
            records[i] = claims.get(i).recordId();
        }
        var taken = new java.util.HashSet<UniqueClaim>();
        tx.resultQuery("""
                insert into unique_value (collection_id, field_key, value, record_id)
                select {0}, v.field_key, v.value, v.record_id from unnest({1}::text[], {2}::text[], {3}::bigint[])
                    as v(field_key, value, record_id)
                on conflict do nothing
                returning field_key, value, record_id""", DSL.val(collectionId), DSL.val(keys), DSL.val(values),
                DSL.val(records))
                .forEach(r -> taken.add(new UniqueClaim(r.get(0, String.class), r.get(1, String.class), r.get(2, Long.class))));
        for (UniqueClaim claim : claims) {
            if (!taken.contains(claim)) {
                throw new UniqueValueTakenException(claim.fieldKey(), claim.value());
            }
        }
    }

    /**
     * The keys of {@code values} (field key to value) that a record other than
     * {@code recordId} holds (0: any record). Read only, to tell a form that fails for
     * other reasons about taken values too; the write's claim is what decides.
     */
    public List<String> takenUniqueValues(long collectionId, Map<String, String> values, long recordId) {
        if (values.isEmpty()) {
            return List.of();
        }
        Condition any = DSL.falseCondition();
        for (Map.Entry<String, String> e : values.entrySet()) {
            // By the digest the primary key holds (V28): what it counts as the same value, found by it.
            any = any.or(UNIQUE_VALUE.FIELD_KEY.eq(e.getKey())
                    .and(UNIQUE_VALUE.VALUE_DIGEST.eq(Routines.stetValueDigest(DSL.val(e.getValue())))));
        }
        return dsl.selectDistinct(UNIQUE_VALUE.FIELD_KEY)
                .from(UNIQUE_VALUE)
                .where(UNIQUE_VALUE.COLLECTION_ID.eq(collectionId).and(UNIQUE_VALUE.RECORD_ID.ne(recordId)).and(any))
                .fetch(UNIQUE_VALUE.FIELD_KEY);
    }

    /** Releases the unique values a record holds for {@code fieldKeys} (all when null). */
    public void releaseUniqueValues(DSLContext tx, long recordId, java.util.Collection<String> fieldKeys) {
        var condition = UNIQUE_VALUE.RECORD_ID.eq(recordId);
        if (fieldKeys != null) {
            condition = condition.and(UNIQUE_VALUE.FIELD_KEY.in(fieldKeys));
        }
        tx.deleteFrom(UNIQUE_VALUE).where(condition).execute();
    }

    /**
     * Claims an idempotency key for a create. False when a request with the same key
     * already created (or is creating, and then this waits for it) a record.
     */
    public boolean claimCreateRequest(DSLContext tx, long userId, String key) {
        return tx.insertInto(CREATE_REQUEST)
                .set(CREATE_REQUEST.USER_ID, userId)
                .set(CREATE_REQUEST.IDEMPOTENCY_KEY, key)
                .onConflictDoNothing()
                .execute() == 1;
    }

    public void completeCreateRequest(DSLContext tx, long userId, String key, long recordId) {
        tx.update(CREATE_REQUEST)
                .set(CREATE_REQUEST.RECORD_ID, recordId)
                .where(CREATE_REQUEST.USER_ID.eq(userId).and(CREATE_REQUEST.IDEMPOTENCY_KEY.eq(key)))
                .execute();
    }

    public Optional<Long> createdBy(long userId, String key) {
        return dsl.select(CREATE_REQUEST.RECORD_ID)
                .from(CREATE_REQUEST)
                .where(CREATE_REQUEST.USER_ID.eq(userId).and(CREATE_REQUEST.IDEMPOTENCY_KEY.eq(key)))
                .fetchOptional(Record1::value1);
    }
}
