package stet.imports;

import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.IMPORT_JOB;
import static stet.db.jooq.Tables.IMPORT_REVERT;
import static stet.db.jooq.Tables.IMPORT_ROW;
import static stet.db.jooq.Tables.REVISION;
import static stet.db.jooq.Tables.UNIQUE_VALUE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import stet.db.JsonMaps;
import stet.db.jooq.Routines;
import stet.db.jooq.tables.records.ImportRowRecord;

/**
 * Imports and their rows: the preview's rows written in multi-row statements, the counts,
 * the batches workers claim with {@code FOR UPDATE SKIP LOCKED}, and the applied flags set
 * in the batch's own transaction.
 */
final class ImportStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How a NUL character of an invalid row is stored and shown: U+2400 SYMBOL FOR NULL. */
    static final char SHOWN_NUL = '\u2400';

    private final DSLContext dsl;

    ImportStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A row as the preview classified it, about to be stored; {@code uniqueValues} are the values
     * it would give unique fields (per key: all of a new row's, the changed ones of a change).
     */
    record PreviewRow(int line, RowOutcome outcome, boolean conflict, Long recordId, Integer baseVersion,
            Map<String, String> input, Map<String, String> messages, List<ImportRow.Change> changes,
            List<String> conflicts, String matchValue, Map<String, String> uniqueValues) {

        /** A row that gives no unique field a value. */
        PreviewRow(int line, RowOutcome outcome, boolean conflict, Long recordId, Integer baseVersion,
                Map<String, String> input, Map<String, String> messages, List<ImportRow.Change> changes,
                List<String> conflicts, String matchValue) {
            this(line, outcome, conflict, recordId, baseVersion, input, messages, changes, conflicts, matchValue, Map.of());
        }
    }

    /** A row claimed by a worker, with what apply needs of it. */
    record ClaimedRow(int line, RowOutcome outcome, boolean conflict, Long recordId, Integer baseVersion,
            Map<String, String> input, Map<String, String> messages) {}

    /** What apply did with a row. */
    record Applied(int line, RowResult result, Long recordId, Integer version, String message) {}

    long createJob(long collectionId, int definitionVersion, long uploader, String matchField, List<String> columns,
            char separator) {
        return dsl.insertInto(IMPORT_JOB)
                .set(IMPORT_JOB.COLLECTION_ID, collectionId)
                .set(IMPORT_JOB.DEFINITION_VERSION, definitionVersion)
                .set(IMPORT_JOB.UPLOADED_BY, uploader)
                .set(IMPORT_JOB.STATE, ImportState.PREVIEWING.dbName())
                .set(IMPORT_JOB.MATCH_FIELD, matchField)
                .set(IMPORT_JOB.COLUMNS, columns.toArray(String[]::new))
                .set(IMPORT_JOB.SEPARATOR, String.valueOf(separator))
                .returning(IMPORT_JOB.ID)
                .fetchSingle(IMPORT_JOB.ID);
    }

    /**
     * Stores a chunk of preview rows with one {@code COPY}: neither a statement to render nor
     * a bind value per cell, so a 100,000-row file is stored at the speed it is read.
     */
    void insertRows(long importId, List<PreviewRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(rows.size() * 512);
        for (PreviewRow row : rows) {
            csv.append(importId).append(',').append(row.line()).append(',').append(row.outcome().dbName()).append(',')
                    .append(row.conflict()).append(',');
            cell(csv, row.recordId() == null ? null : row.recordId().toString()).append(',');
            cell(csv, row.baseVersion() == null ? null : row.baseVersion().toString()).append(',');
            Map<String, String> input = row.outcome() == RowOutcome.INVALID ? storable(row.input()) : row.input();
            cell(csv, JsonMaps.toJsonb(input).data()).append(',');
            cell(csv, row.messages().isEmpty() ? null : JsonMaps.toJsonb(storable(row.messages())).data()).append(',');
            JSONB diff = diffJson(row.changes());
            cell(csv, diff == null ? null : diff.data()).append(',');
            cell(csv, row.conflicts().isEmpty() ? null : arrayLiteral(row.conflicts())).append(',');
            cell(csv, row.matchValue()).append(',');
            cell(csv, row.uniqueValues().isEmpty() ? null : JsonMaps.toJsonb(row.uniqueValues()).data()).append('\n');
        }
        dsl.connection(connection -> connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy import_row (import_id, line, outcome, conflict, record_id, base_version, input, messages, diff,"
                        + " conflicts, match_value, unique_values) from stdin with (format csv)",
                new StringReader(csv.toString())));
    }

    /**
     * {@code values} as jsonb can hold them: a NUL character (which PostgreSQL refuses in
     * text and jsonb) as U+2400 SYMBOL FOR NULL. Only an invalid row's cells and messages may
     * carry one (validation refuses NUL in every field), so no record is ever written from
     * the replaced text; a valid row is stored as it is, and a NUL in one would fail loudly.
     */
    private static Map<String, String> storable(Map<String, String> values) {
        Map<String, String> stored = new LinkedHashMap<>();
        values.forEach((key, value) -> stored.put(key, value.replace('\0', SHOWN_NUL)));
        return stored;
    }

    /** A CSV cell for COPY: null unquoted and empty, any other value quoted (so "" is an empty string). */
    private static StringBuilder cell(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        return csv.append('"');
    }

    /** A text[] literal: each element double-quoted, with backslashes and quotes escaped. */
    private static String arrayLiteral(List<String> values) {
        StringBuilder array = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return array.append('}').toString();
    }

    /**
     * Marks every row after the first that names the same record (by {@code _id} or by the
     * match field), or the same match value for a new record, invalid: a file changes a
     * record once; then every row after the first that gives a unique field the same value
     * (the apply would find it taken by the first). Done in the database, so the preview
     * keeps no set of every id or value in memory.
     */
    void markDuplicates(long importId, String matchField) {
        // The repeated lines are found first (materialized: few or none), then updated by key. Joined
        // to the table as one query, the planner, without statistics for rows just copied in,
        // could loop over every row for every row (a 100,000-row file passed the statement timeout).
        dsl.execute("""
                with repeated as materialized (
                    select line, first_line from (
                        select line, first_value(line) over (partition by record_id order by line) as first_line
                        from import_row where import_id = {0} and record_id is not null and outcome <> 'invalid') w
                    where line <> first_line)
                update import_row r
                set outcome = 'invalid', conflict = false, diff = null, conflicts = null,
                    messages = jsonb_build_object(case when coalesce(r.input ->> '_id', '') <> '' then '_id' else {1} end,
                        'Record ' || r.record_id || ' is also on line ' || d.first_line
                        || '; a file can change a record only once.')
                from repeated d
                where r.import_id = {0} and r.line = d.line""",
                DSL.val(importId), DSL.val(matchField == null ? "_id" : matchField));
        if (matchField != null) {
            dsl.execute("""
                    with repeated as materialized (
                        select line, first_line from (
                            select line, first_value(line) over (partition by match_value order by line) as first_line
                            from import_row where import_id = {0} and record_id is null and match_value is not null
                              and outcome <> 'invalid') w
                        where line <> first_line)
                    update import_row r
                    set outcome = 'invalid', diff = null,
                        messages = jsonb_build_object({1}, '''' || r.match_value || ''' is also on line ' || d.first_line
                            || '; a file can create a record with it only once.')
                    from repeated d
                    where r.import_id = {0} and r.line = d.line""",
                    DSL.val(importId), DSL.val(matchField));
        }
        // A row giving two unique fields taken values is told of both: a message per field, one update per row.
        dsl.execute("""
                with repeated as materialized (
                    select line, jsonb_object_agg(field_key, '''' || value || ''' is already taken: line ' || first_line
                        || ' of the file gives it too.') as messages
                    from (select r.line, u.key as field_key, u.value,
                                 first_value(r.line) over (partition by u.key, u.value order by r.line) as first_line
                          from import_row r, jsonb_each_text(r.unique_values) u
                          where r.import_id = {0} and r.unique_values is not null and r.outcome <> 'invalid') w
                    where line <> first_line
                    group by line)
                update import_row r
                set outcome = 'invalid', conflict = false, diff = null, conflicts = null, messages = d.messages
                from repeated d
                where r.import_id = {0} and r.line = d.line""", DSL.val(importId));
    }

    /**
     * The records holding {@code values} (field key and value pairs) of unique fields, found in
     * one statement: pair to record id, for the pairs some record holds.
     */
    Map<Map.Entry<String, String>, Long> uniqueHolders(long collectionId, List<Map.Entry<String, String>> values) {
        Map<Map.Entry<String, String>, Long> holders = new HashMap<>();
        if (values.isEmpty()) {
            return holders;
        }
        String[] keys = values.stream().map(Map.Entry::getKey).toArray(String[]::new);
        String[] texts = values.stream().map(Map.Entry::getValue).toArray(String[]::new);
        // By the digest the primary key holds (V28), so that the key finds them.
        dsl.resultQuery("""
                select v.field_key, v.value, u.record_id
                from unnest({1}::text[], {2}::text[]) as v(field_key, value)
                join unique_value u on u.collection_id = {0} and u.field_key = v.field_key
                    and u.value_digest = stet_value_digest(v.value)""",
                DSL.val(collectionId), DSL.val(keys), DSL.val(texts))
                .forEach(r -> holders.put(Map.entry(r.get(0, String.class), r.get(1, String.class)),
                        r.get(2, Long.class)));
        return holders;
    }

    /** The preview of {@code importId} is still being read: moves its {@code read_at}. */
    void stillReading(long importId) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.READ_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(importId))
                .execute();
    }

    /**
     * Fails every preview whose reading has not moved for {@code quiet}: its node stopped
     * while reading the upload. Returns how many.
     */
    int failStalledPreviews(Duration quiet, String message) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.FAILED.dbName())
                .set(IMPORT_JOB.FAILURE, message)
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.STATE.eq(ImportState.PREVIEWING.dbName())
                        .and(IMPORT_JOB.READ_AT.lt(DSL.field("now() - make_interval(secs => {0})",
                                OffsetDateTime.class, DSL.val((double) quiet.toSeconds())))))
                .execute();
    }

    /**
     * Counts the rows per outcome and makes the import ready to apply; false when its preview
     * was failed meanwhile (its reading had stopped for too long).
     */
    boolean finishPreview(long importId) {
        return dsl.execute("""
                update import_job j set state = 'ready', total = c.total, count_new = c.n, count_changed = c.changed,
                    count_unchanged = c.unchanged, count_invalid = c.invalid, count_stale = c.stale, count_conflict = c.conflict
                from (select count(*) as total,
                             count(*) filter (where outcome = 'new') as n,
                             count(*) filter (where outcome = 'changed') as changed,
                             count(*) filter (where outcome = 'unchanged') as unchanged,
                             count(*) filter (where outcome = 'invalid') as invalid,
                             count(*) filter (where outcome = 'stale') as stale,
                             count(*) filter (where outcome = 'stale' and conflict) as conflict
                      from import_row where import_id = {0}) c
                where j.id = {0} and j.state = 'previewing'""", DSL.val(importId)) == 1;
    }

    void delete(long importId) {
        dsl.deleteFrom(IMPORT_JOB).where(IMPORT_JOB.ID.eq(importId)).execute();
    }

    /**
     * Marks an import being applied failed, with why; false when it was not being applied
     * (another worker failed or finished it first: its failure stands).
     */
    boolean fail(long importId, String message) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.FAILED.dbName())
                .set(IMPORT_JOB.FAILURE, message)
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.STATE.eq(ImportState.APPLYING.dbName())))
                .execute() == 1;
    }

    Optional<ImportJob> find(long importId) {
        return dsl.select(IMPORT_JOB.asterisk(), COLLECTION.SLUG, APP_USER.DISPLAY_NAME)
                .from(IMPORT_JOB)
                .join(COLLECTION).on(COLLECTION.ID.eq(IMPORT_JOB.COLLECTION_ID))
                .join(APP_USER).on(APP_USER.ID.eq(IMPORT_JOB.UPLOADED_BY))
                .where(IMPORT_JOB.ID.eq(importId))
                .fetchOptional(r -> {
                    Map<RowOutcome, Integer> counts = new EnumMap<>(RowOutcome.class);
                    counts.put(RowOutcome.NEW, r.get(IMPORT_JOB.COUNT_NEW));
                    counts.put(RowOutcome.CHANGED, r.get(IMPORT_JOB.COUNT_CHANGED));
                    counts.put(RowOutcome.UNCHANGED, r.get(IMPORT_JOB.COUNT_UNCHANGED));
                    counts.put(RowOutcome.INVALID, r.get(IMPORT_JOB.COUNT_INVALID));
                    counts.put(RowOutcome.STALE, r.get(IMPORT_JOB.COUNT_STALE));
                    Set<Skip> skip = EnumSet.noneOf(Skip.class);
                    for (String s : r.get(IMPORT_JOB.SKIP)) {
                        Skip.named(s).ifPresent(skip::add);
                    }
                    return new ImportJob(r.get(IMPORT_JOB.ID), r.get(IMPORT_JOB.COLLECTION_ID), r.get(COLLECTION.SLUG),
                            r.get(IMPORT_JOB.DEFINITION_VERSION), r.get(IMPORT_JOB.UPLOADED_BY),
                            r.get(APP_USER.DISPLAY_NAME), ImportState.fromDb(r.get(IMPORT_JOB.STATE)),
                            r.get(IMPORT_JOB.MATCH_FIELD), Arrays.asList(r.get(IMPORT_JOB.COLUMNS)),
                            r.get(IMPORT_JOB.SEPARATOR).charAt(0), counts,
                            r.get(IMPORT_JOB.COUNT_CONFLICT), r.get(IMPORT_JOB.TOTAL), r.get(IMPORT_JOB.APPLIED), skip,
                            r.get(IMPORT_JOB.CREATED_AT), r.get(IMPORT_JOB.FINISHED_AT), r.get(IMPORT_JOB.FAILURE),
                            r.get(IMPORT_JOB.REVERTED_AT));
                });
    }

    /** A page of rows after {@code afterLine}, of one outcome or all (null); keyset paging by line. */
    List<ImportRow> rows(long importId, RowOutcome outcome, int afterLine, int limit) {
        Condition where = IMPORT_ROW.IMPORT_ID.eq(importId).and(IMPORT_ROW.LINE.gt(afterLine));
        if (outcome != null) {
            where = where.and(IMPORT_ROW.OUTCOME.eq(outcome.dbName()));
        }
        return dsl.selectFrom(IMPORT_ROW).where(where).orderBy(IMPORT_ROW.LINE).limit(limit).fetch(ImportStore::toRow);
    }

    /**
     * A page of the rows not taken into their records, after {@code afterLine}: those apply
     * did not write (conflict, invalid, skipped), or before apply, the invalid and conflicting ones.
     */
    List<ImportRow> rejected(long importId, int afterLine, int limit) {
        Condition notTaken = IMPORT_ROW.RESULT.in(RowResult.CONFLICT.dbName(), RowResult.INVALID.dbName(),
                        RowResult.SKIPPED.dbName())
                .or(IMPORT_ROW.RESULT.isNull().and(IMPORT_ROW.OUTCOME.eq(RowOutcome.INVALID.dbName())
                        .or(IMPORT_ROW.CONFLICT.isTrue())));
        return dsl.selectFrom(IMPORT_ROW)
                .where(IMPORT_ROW.IMPORT_ID.eq(importId).and(IMPORT_ROW.LINE.gt(afterLine)).and(notTaken))
                .orderBy(IMPORT_ROW.LINE)
                .limit(limit)
                .fetch(ImportStore::toRow);
    }

    /** The records holding {@code values} of a unique field (value to record id). */
    Map<String, Long> matches(long collectionId, String fieldKey, java.util.Collection<String> values) {
        Map<String, Long> found = new HashMap<>();
        if (values.isEmpty()) {
            return found;
        }
        dsl.select(UNIQUE_VALUE.VALUE, UNIQUE_VALUE.RECORD_ID)
                .from(UNIQUE_VALUE)
                .where(UNIQUE_VALUE.COLLECTION_ID.eq(collectionId).and(UNIQUE_VALUE.FIELD_KEY.eq(fieldKey))
                        // By the digest the primary key holds (V28), so that the key finds them.
                        .and(UNIQUE_VALUE.VALUE_DIGEST.in(values.stream()
                                .map(v -> Routines.stetValueDigest(DSL.val(v))).toList())))
                .forEach(r -> found.put(r.value1(), r.value2()));
        return found;
    }

    /** Starts applying a ready import; false when it is not ready (already started, or still previewing). */
    boolean startApply(long importId, Set<Skip> skip, long userId) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.APPLYING.dbName())
                .set(IMPORT_JOB.SKIP, skip.stream().map(Skip::dbName).sorted().toArray(String[]::new))
                .set(IMPORT_JOB.APPLIED_BY, userId)
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.STATE.eq(ImportState.READY.dbName())))
                .execute() == 1;
    }

    /** Imports being applied, oldest first. */
    List<Long> applying() {
        return dsl.select(IMPORT_JOB.ID)
                .from(IMPORT_JOB)
                .where(IMPORT_JOB.STATE.eq(ImportState.APPLYING.dbName()))
                .orderBy(IMPORT_JOB.ID)
                .fetch(IMPORT_JOB.ID);
    }

    /** Who started applying an import (the author of its revisions). */
    long appliedBy(long importId) {
        return dsl.select(IMPORT_JOB.APPLIED_BY).from(IMPORT_JOB).where(IMPORT_JOB.ID.eq(importId))
                .fetchSingle(IMPORT_JOB.APPLIED_BY);
    }

    /**
     * Claims the next rows of an import not yet applied, locking them until the batch's
     * transaction ends; rows another worker holds are skipped, never waited for.
     */
    List<ClaimedRow> claim(DSLContext tx, long importId, int limit) {
        return tx.select(IMPORT_ROW.LINE, IMPORT_ROW.OUTCOME, IMPORT_ROW.CONFLICT, IMPORT_ROW.RECORD_ID,
                        IMPORT_ROW.BASE_VERSION, IMPORT_ROW.INPUT, IMPORT_ROW.MESSAGES)
                .from(IMPORT_ROW)
                .where(IMPORT_ROW.IMPORT_ID.eq(importId).and(IMPORT_ROW.APPLIED.isFalse()))
                .orderBy(IMPORT_ROW.LINE)
                .limit(limit)
                .forUpdate()
                .skipLocked()
                .fetch(r -> new ClaimedRow(r.value1(), RowOutcome.fromDb(r.value2()), r.value3(), r.value4(), r.value5(),
                        JsonMaps.fromJsonb(r.value6()), r.value7() == null ? Map.of() : JsonMaps.fromJsonb(r.value7())));
    }

    /** Sets the claimed rows' applied flag and results, and counts them on the import: in the batch's transaction. */
    void markApplied(DSLContext tx, long importId, List<Applied> applied) {
        if (applied.isEmpty()) {
            return;
        }
        int n = applied.size();
        Integer[] lines = new Integer[n];
        String[] results = new String[n];
        Long[] records = new Long[n];
        Integer[] versions = new Integer[n];
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            Applied a = applied.get(i);
            lines[i] = a.line();
            results[i] = a.result().dbName();
            records[i] = a.recordId();
            versions[i] = a.version();
            messages[i] = a.message();
        }
        int updated = tx.execute("""
                update import_row r
                set applied = true, result = v.result, record_id = coalesce(v.record_id, r.record_id),
                    applied_version = v.version, result_message = v.message
                from unnest({1}::int[], {2}::text[], {3}::bigint[], {4}::int[], {5}::text[])
                     as v(line, result, record_id, version, message)
                where r.import_id = {0} and r.line = v.line and not r.applied""",
                DSL.val(importId), DSL.val(lines), DSL.val(results), DSL.val(records), DSL.val(versions),
                DSL.val(messages));
        if (updated != n) {
            // The rows were locked by this transaction's claim: anything else is a bug, and the batch must not commit.
            throw new IllegalStateException("import " + importId + ": " + updated + " of " + n + " claimed rows updated");
        }
        tx.update(IMPORT_JOB).set(IMPORT_JOB.APPLIED, IMPORT_JOB.APPLIED.plus(n)).where(IMPORT_JOB.ID.eq(importId))
                .execute();
    }

    /** Marks an import done when none of its rows is left to apply (rows a worker holds still count). */
    boolean finishIfDone(long importId) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.DONE.dbName())
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.STATE.eq(ImportState.APPLYING.dbName()))
                        .andNotExists(DSL.selectOne().from(IMPORT_ROW)
                                .where(IMPORT_ROW.IMPORT_ID.eq(importId).and(IMPORT_ROW.APPLIED.isFalse()))))
                .execute() == 1;
    }

    /** The revisions an import wrote, after (record, version), in that order. */
    List<ImportRevision> revisions(long importId, long afterRecord, int afterVersion, int limit) {
        return revisions(importId, afterRecord, afterVersion, limit, DSL.noCondition());
    }

    /**
     * The revisions an import wrote that its revert has not dealt with yet (a revert that
     * stopped part-way dealt with some), after (record, version), in that order.
     */
    List<ImportRevision> revisionsToRevert(long importId, long afterRecord, int afterVersion, int limit) {
        return revisions(importId, afterRecord, afterVersion, limit, DSL.notExists(DSL.selectOne().from(IMPORT_REVERT)
                .where(IMPORT_REVERT.IMPORT_ID.eq(importId).and(IMPORT_REVERT.RECORD_ID.eq(REVISION.RECORD_ID))
                        .and(IMPORT_REVERT.VERSION.eq(REVISION.VERSION)))));
    }

    private List<ImportRevision> revisions(long importId, long afterRecord, int afterVersion, int limit,
            Condition also) {
        return dsl.select(REVISION.RECORD_ID, REVISION.VERSION)
                .from(REVISION)
                .where(REVISION.IMPORT_ID.eq(importId)
                        .and(DSL.row(REVISION.RECORD_ID, REVISION.VERSION).gt(afterRecord, afterVersion))
                        .and(also))
                .orderBy(REVISION.RECORD_ID, REVISION.VERSION)
                .limit(limit)
                .fetch(r -> new ImportRevision(r.value1(), r.value2()));
    }

    /**
     * Claims the revert of a done import that is not reverted, for the request that runs it:
     * false when it is not done, is reverted, or another revert holds it (its claim moved
     * within {@code stalled}, or a batch of it is being committed: that row lock is skipped,
     * never waited for). A claim that has not moved for {@code stalled} was left by a node
     * that stopped, and is taken over.
     */
    boolean claimRevert(long importId, UUID claim, Duration stalled) {
        return dsl.execute("""
                update import_job set revert_claim = {1}, revert_claimed_at = now()
                where id = (select id from import_job
                            where id = {0} and state = 'done' and reverted_at is null
                              and (revert_claim is null or revert_claimed_at < now() - make_interval(secs => {2}))
                            for update skip locked)""",
                DSL.val(importId), DSL.val(claim), DSL.val((double) stalled.toSeconds())) == 1;
    }

    /**
     * Keeps what a batch of the revert did with its records, in the batch's transaction, and
     * moves the claim; false when {@code claim} is no longer the import's (another request
     * took it over): the batch must not commit.
     */
    boolean keepReverted(DSLContext tx, long importId, UUID claim, List<RevertedRecord> done) {
        if (!done.isEmpty()) {
            var insert = tx.insertInto(IMPORT_REVERT, IMPORT_REVERT.IMPORT_ID, IMPORT_REVERT.RECORD_ID,
                    IMPORT_REVERT.VERSION, IMPORT_REVERT.OUTCOME, IMPORT_REVERT.CURRENT_VERSION, IMPORT_REVERT.DELETED,
                    IMPORT_REVERT.MESSAGE);
            for (RevertedRecord r : done) {
                insert = insert.values(importId, r.revision().recordId(), r.revision().version(), r.outcome().dbName(),
                        r.currentVersion(), r.deleted(), r.message());
            }
            insert.execute();
        }
        // Last, so the import's row is locked only while the batch commits.
        return tx.update(IMPORT_JOB)
                .set(IMPORT_JOB.REVERT_CLAIMED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.REVERT_CLAIM.eq(claim)))
                .execute() == 1;
    }

    /** Marks an import reverted, every record of it done, and lets go of the claim; false when the claim is not its. */
    boolean finishRevert(long importId, UUID claim, long adminId) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.REVERTED_AT, DSL.currentOffsetDateTime())
                .set(IMPORT_JOB.REVERTED_BY, adminId)
                .setNull(IMPORT_JOB.REVERT_CLAIM)
                .setNull(IMPORT_JOB.REVERT_CLAIMED_AT)
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.REVERT_CLAIM.eq(claim)))
                .execute() == 1;
    }

    /** Lets go of the claim of a revert that stopped part-way, so that it can be run again at once. */
    void releaseRevert(long importId, UUID claim) {
        dsl.update(IMPORT_JOB)
                .setNull(IMPORT_JOB.REVERT_CLAIM)
                .setNull(IMPORT_JOB.REVERT_CLAIMED_AT)
                .where(IMPORT_JOB.ID.eq(importId).and(IMPORT_JOB.REVERT_CLAIM.eq(claim)))
                .execute();
    }

    /** What the revert of an import did with each record, by record and version. */
    List<RevertedRecord> reverted(long importId) {
        return dsl.selectFrom(IMPORT_REVERT)
                .where(IMPORT_REVERT.IMPORT_ID.eq(importId))
                .orderBy(IMPORT_REVERT.RECORD_ID, IMPORT_REVERT.VERSION)
                .fetch(r -> new RevertedRecord(new ImportRevision(r.getRecordId(), r.getVersion()),
                        RevertedRecord.Outcome.fromDb(r.getOutcome()), r.getCurrentVersion(), r.getDeleted(),
                        r.getMessage()));
    }

    private static ImportRow toRow(ImportRowRecord r) {
        return new ImportRow(r.getLine(), RowOutcome.fromDb(r.getOutcome()), r.getConflict(), r.getRecordId(),
                r.getBaseVersion(), JsonMaps.fromJsonb(r.getInput()),
                r.getMessages() == null ? Map.of() : JsonMaps.fromJsonb(r.getMessages()), changes(r.getDiff()),
                r.getConflicts() == null ? List.of() : Arrays.asList(r.getConflicts()), RowResult.fromDb(r.getResult()),
                r.getAppliedVersion(), r.getResultMessage());
    }

    /** The changes as {@code {key: [before, after]}}, in their order. */
    private static JSONB diffJson(List<ImportRow.Change> changes) {
        if (changes.isEmpty()) {
            return null;
        }
        ObjectNode diff = JSON.createObjectNode();
        for (ImportRow.Change change : changes) {
            diff.putArray(change.key()).add(change.before()).add(change.after());
        }
        return JSONB.valueOf(diff.toString());
    }

    private static List<ImportRow.Change> changes(JSONB json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<ImportRow.Change> changes = new ArrayList<>();
            Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = JSON.readTree(json.data()).fields();
            while (fields.hasNext()) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = fields.next();
                ArrayNode pair = (ArrayNode) e.getValue();
                changes.add(new ImportRow.Change(e.getKey(), pair.get(0).isNull() ? null : pair.get(0).asText(),
                        pair.get(1).isNull() ? null : pair.get(1).asText()));
            }
            return changes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable diff of an import row", e);
        }
    }
}
