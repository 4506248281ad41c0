package stet.schema;

import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.COLLECTION_REVISION;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.UNIQUE_VALUE;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import stet.db.RenderedSql;

/** Collections and their definition history. Write methods take the transaction's context. */
public final class CollectionStore {

    private final DSLContext dsl;
    /**
     * {@link #version}'s statement, rendered once: every page of a collection checks its
     * cached definition with it, and rendering the query each time cost more than running it.
     */
    private final RenderedSql versionStatement;

    public CollectionStore(DSLContext dsl) {
        this.dsl = dsl;
        this.versionStatement = RenderedSql.of(dsl, dsl.select(COLLECTION.ID, COLLECTION.VERSION)
                .from(COLLECTION)
                .where(COLLECTION.SLUG.eq(RenderedSql.param(0, COLLECTION.SLUG))));
    }

    /** A collection's id and the version of its definition, without the definition. */
    public record Version(long id, int version) {}

    /** The id and definition version of the collection named by {@code slug}: a cheap check of a cached definition. */
    public Optional<Version> version(String slug) {
        return versionStatement.fetchOptional(dsl, r -> new Version(r.getLong(1), r.getInt(2)), slug);
    }

    public Optional<Collection> find(long id) {
        return dsl.selectFrom(COLLECTION).where(COLLECTION.ID.eq(id)).fetchOptional(CollectionStore::toCollection);
    }

    public List<Collection> all() {
        return dsl.selectFrom(COLLECTION).orderBy(COLLECTION.NAME).fetch(CollectionStore::toCollection);
    }

    public boolean slugTaken(String slug) {
        return dsl.fetchExists(COLLECTION, COLLECTION.SLUG.eq(slug));
    }

    /**
     * Inserts a collection at version 1 with its first definition revision.
     *
     * @throws SlugTakenException when another collection uses the slug
     */
    public long insert(DSLContext tx, String slug, String name, List<FieldDef> fields, boolean confirmMerges,
            Leasing leasing, long authorId) {
        JSONB json = JSONB.valueOf(FieldsJson.write(fields));
        long id;
        try {
            id = tx.insertInto(COLLECTION)
                    .set(COLLECTION.SLUG, slug)
                    .set(COLLECTION.NAME, name)
                    .set(COLLECTION.FIELDS, json)
                    .set(COLLECTION.CONFIRM_MERGES, confirmMerges)
                    .set(COLLECTION.EXCLUSIVE, leasing.exclusive())
                    .set(COLLECTION.LEASE_MINUTES, leasing.minutes())
                    .set(COLLECTION.VERSION, 1)
                    // No record has a vector yet: each will be made for these (see stet.record.SearchVectors).
                    .set(COLLECTION.SEARCH_KEYS, Collection.searchKeys(fields).toArray(String[]::new))
                    .set(COLLECTION.UPDATED_BY, authorId)
                    .returning(COLLECTION.ID)
                    .fetchSingle(COLLECTION.ID);
        } catch (IntegrityConstraintViolationException e) {
            throw new SlugTakenException(slug, e);
        }
        insertRevision(tx, id, 1, name, json, authorId);
        return id;
    }

    /**
     * Saves a new definition if the collection is still at {@code expectedVersion}, in one
     * conditional UPDATE. Returns false (and changes nothing) when it is not.
     */
    public boolean update(
            DSLContext tx, long id, int expectedVersion, String name, List<FieldDef> fields, boolean confirmMerges,
            Leasing leasing, long authorId) {
        JSONB json = JSONB.valueOf(FieldsJson.write(fields));
        int updated = tx.update(COLLECTION)
                .set(COLLECTION.NAME, name)
                .set(COLLECTION.FIELDS, json)
                .set(COLLECTION.CONFIRM_MERGES, confirmMerges)
                .set(COLLECTION.EXCLUSIVE, leasing.exclusive())
                .set(COLLECTION.LEASE_MINUTES, leasing.minutes())
                .set(COLLECTION.VERSION, COLLECTION.VERSION.plus(1))
                .set(COLLECTION.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(COLLECTION.UPDATED_BY, authorId)
                .where(COLLECTION.ID.eq(id).and(COLLECTION.VERSION.eq(expectedVersion)))
                .execute();
        if (updated == 0) {
            return false;
        }
        insertRevision(tx, id, expectedVersion + 1, name, json, authorId);
        return true;
    }

    /**
     * Starts enforcing uniqueness of a field: records every live value.
     *
     * @throws SharedValuesException when live records already share a value
     */
    public void indexUniqueValues(DSLContext tx, long collectionId, String fieldKey) {
        var value = DSL.field("{0} ->> {1}", String.class, RECORD.DATA, DSL.inline(fieldKey));
        try {
            tx.insertInto(UNIQUE_VALUE, UNIQUE_VALUE.COLLECTION_ID, UNIQUE_VALUE.FIELD_KEY, UNIQUE_VALUE.VALUE,
                            UNIQUE_VALUE.RECORD_ID)
                    .select(DSL.select(
                                    RECORD.COLLECTION_ID,
                                    DSL.val(fieldKey),
                                    value,
                                    RECORD.ID)
                            .from(RECORD)
                            .where(RECORD.COLLECTION_ID.eq(collectionId)
                                    .and(RECORD.DELETED.isFalse())
                                    .and(value.isNotNull())))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new SharedValuesException(fieldKey, e);
        }
    }

    /** Stops enforcing uniqueness of a field. */
    public void dropUniqueValues(DSLContext tx, long collectionId, String fieldKey) {
        tx.deleteFrom(UNIQUE_VALUE)
                .where(UNIQUE_VALUE.COLLECTION_ID.eq(collectionId).and(UNIQUE_VALUE.FIELD_KEY.eq(fieldKey)))
                .execute();
    }

    /** The first value of {@code fieldKey} that live records share, if any. */
    public Optional<String> firstDuplicate(long collectionId, String fieldKey) {
        var value = DSL.field("{0} ->> {1}", String.class, RECORD.DATA, DSL.inline(fieldKey));
        return dsl.select(value)
                .from(RECORD)
                .where(RECORD.COLLECTION_ID.eq(collectionId).and(RECORD.DELETED.isFalse()).and(value.isNotNull()))
                .groupBy(value)
                .having(DSL.count().gt(1))
                .limit(1)
                .fetchOptional(value);
    }

    private static void insertRevision(DSLContext tx, long id, int version, String name, JSONB fields, long authorId) {
        tx.insertInto(COLLECTION_REVISION)
                .set(COLLECTION_REVISION.COLLECTION_ID, id)
                .set(COLLECTION_REVISION.VERSION, version)
                .set(COLLECTION_REVISION.AUTHOR_ID, authorId)
                .set(COLLECTION_REVISION.NAME, name)
                .set(COLLECTION_REVISION.FIELDS, fields)
                .execute();
    }

    private static Collection toCollection(stet.db.jooq.tables.records.CollectionRecord r) {
        return new Collection(r.getId(), r.getSlug(), r.getName(), FieldsJson.read(r.getFields().data()),
                r.getConfirmMerges(), new Leasing(r.getExclusive(), r.getLeaseMinutes()), r.getVersion(), r.getUpdatedAt());
    }
}
