package stet.history;

import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.CaseValueStep;
import org.jooq.CaseWhenStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import stet.record.Revision;

/** The audit log: revisions across all records, newest first, filtered and paged by keyset. */
public final class AuditStore {

    /**
     * What to show.
     *
     * @param userId only changes by this user, or null
     * @param collectionId only records of this collection, or null
     * @param kind only this kind of change, or null
     * @param from only changes at or after this time, or null
     * @param to only changes before this time, or null
     * @param after the cursor of the last entry of the previous page, or null
     */
    public record Filter(Long userId, Long collectionId, Revision.Kind kind, OffsetDateTime from, OffsetDateTime to,
            Cursor after) {}

    /** A position in the log: (time, record, version), the order it is read in. */
    public record Cursor(OffsetDateTime createdAt, long recordId, int version) {}

    private final DSLContext dsl;

    public AuditStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One page of the log, newest first. {@code titleFields} names each collection's
     * title field (collection id to field key): an entry's title is the record's value of
     * it now, read in the same query, so a page of the log is one statement however many
     * records it names.
     */
    public List<AuditEntry> page(Filter filter, Map<Long, String> titleFields, int limit) {
        Condition where = DSL.noCondition();
        if (filter.userId() != null) {
            where = where.and(REVISION.AUTHOR_ID.eq(filter.userId()));
        }
        if (filter.collectionId() != null) {
            where = where.and(RECORD.COLLECTION_ID.eq(filter.collectionId()));
        }
        if (filter.kind() != null) {
            where = where.and(REVISION.KIND.eq(filter.kind().dbName()));
        }
        if (filter.from() != null) {
            where = where.and(REVISION.CREATED_AT.ge(filter.from()));
        }
        if (filter.to() != null) {
            where = where.and(REVISION.CREATED_AT.lt(filter.to()));
        }
        if (filter.after() != null) {
            Cursor c = filter.after();
            where = where.and(DSL.row(REVISION.CREATED_AT, REVISION.RECORD_ID, REVISION.VERSION)
                    .lt(DSL.row(DSL.val(c.createdAt()), DSL.val(c.recordId()), DSL.val(c.version()))));
        }
        return dsl.select(REVISION.RECORD_ID, REVISION.VERSION, REVISION.KIND, APP_USER.DISPLAY_NAME, REVISION.CREATED_AT,
                        COLLECTION.ID, COLLECTION.SLUG, COLLECTION.NAME, title(titleFields), REVISION.CHANGED_FIELDS,
                        REVISION.COMMENT)
                .from(REVISION)
                .join(RECORD).on(RECORD.ID.eq(REVISION.RECORD_ID))
                .join(COLLECTION).on(COLLECTION.ID.eq(RECORD.COLLECTION_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(REVISION.AUTHOR_ID))
                .where(where)
                .orderBy(REVISION.CREATED_AT.desc(), REVISION.RECORD_ID.desc(), REVISION.VERSION.desc())
                .limit(limit)
                .fetch(r -> new AuditEntry(r.value1(), r.value2(), Revision.Kind.fromDb(r.value3()), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), List.of(r.value10()), r.value11()));
    }

    /** The record's value of its collection's title field: {@code CASE collection_id WHEN … THEN data ->> key END}. */
    private static Field<String> title(Map<Long, String> titleFields) {
        if (titleFields.isEmpty()) {
            return DSL.inline(null, SQLDataType.VARCHAR);
        }
        CaseValueStep<Long> byCollection = DSL.choose(RECORD.COLLECTION_ID);
        CaseWhenStep<Long, String> cases = null;
        for (Map.Entry<Long, String> e : titleFields.entrySet()) {
            Field<String> value = DSL.jsonbGetAttributeAsText(RECORD.DATA, DSL.inline(e.getValue()));
            cases = cases == null ? byCollection.when(DSL.inline(e.getKey()), value) : cases.when(DSL.inline(e.getKey()), value);
        }
        return cases.else_(DSL.inline(null, SQLDataType.VARCHAR));
    }
}
