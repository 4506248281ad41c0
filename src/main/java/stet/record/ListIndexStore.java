package stet.record;

import static stet.db.jooq.Tables.RECORD;

import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * The list indexes in the database ({@link ListIndex}) and the statistics of their
 * expressions: which exist, and building and dropping the indexes concurrently, so that
 * records can be written meanwhile. Each method takes a context on a connection in
 * autocommit mode without a statement timeout ({@code Database.maintenance}):
 * {@code CREATE INDEX CONCURRENTLY} runs outside any transaction and may take minutes over
 * a large collection.
 */
final class ListIndexStore {

    /** Receives each statement before it runs, so that a stop can cancel it. */
    interface Running {
        void set(Query query);
    }

    private ListIndexStore() {}

    /** A collection's list indexes by name, each with whether it is valid (a failed concurrent build leaves it invalid). */
    static Map<String, Boolean> existing(DSLContext c, long collectionId) {
        String prefix = ListIndex.prefix(collectionId);
        return c.select(DSL.field("i.relname", String.class), DSL.field("x.indisvalid", Boolean.class))
                .from("pg_index x")
                .join("pg_class i").on("i.oid = x.indexrelid")
                .join("pg_class t").on("t.oid = x.indrelid")
                .where("t.relname = 'record' and t.relnamespace = current_schema()::regnamespace")
                .and(DSL.condition("left(i.relname, {0}) = {1}", DSL.val(prefix.length()), DSL.val(prefix)))
                .fetchMap(Record2::value1, Record2::value2);
    }

    /** A collection's list index statistics by name ({@link ListIndex#statistics}). */
    static Set<String> existingStatistics(DSLContext c, long collectionId) {
        String prefix = ListIndex.prefix(collectionId);
        return c.select(DSL.field("stxname", String.class))
                .from("pg_statistic_ext")
                .where("stxrelid = 'record'::regclass")
                .and(DSL.condition("left(stxname, {0}) = {1}", DSL.val(prefix.length()), DSL.val(prefix)))
                .fetchSet(Record1::value1);
    }

    /**
     * Creates the statistics of an index's expressions, with the collection: the planner then
     * knows how many of the collection's records a filter on the field keeps. They are gathered
     * by the next {@link #analyze}. PostgreSQL keeps each expression's distribution whatever
     * the kinds named; of the kinds, the most common combinations with the collection alone
     * ({@code mcv}): the other two tripled what each costs an {@code ANALYZE} of the table
     * (0.43 against 0.13 s at 10^6 records) and no list query asks what they answer.
     */
    static void createStatistics(DSLContext c, ListIndex index, Running running) {
        run(c, running, "create statistics if not exists " + index.name() + " (mcv) on collection_id, "
                + index.statistics() + " from record");
    }

    static void dropStatistics(DSLContext c, String name, Running running) {
        run(c, running, "drop statistics if exists " + DSL.name(name));
    }

    static void create(DSLContext c, ListIndex index, Running running) {
        run(c, running, "create index concurrently if not exists " + index.name() + " on record (" + index.columns()
                + ") where collection_id = " + index.collectionId() + " and not deleted");
    }

    /** Gathers statistics, those of new list statistics included: without them the planner guesses how selective a filter is. */
    static void analyze(DSLContext c, Running running) {
        run(c, running, "analyze record");
    }

    static void drop(DSLContext c, String name, Running running) {
        run(c, running, "drop index concurrently if exists " + DSL.name(name));
    }

    /**
     * How many live records the collection holds, counted up to {@code atMost} (a count that
     * stops there reads at most that many index entries, however large the collection).
     */
    static int liveRecords(DSLContext c, long collectionId, int atMost) {
        return c.fetchCount(c.selectOne().from(RECORD)
                .where(RECORD.COLLECTION_ID.eq(collectionId)).and(RECORD.DELETED.isFalse())
                .limit(atMost));
    }

    /**
     * Takes the session lock that lets one node at a time change a collection's list
     * indexes; false when another session holds it.
     */
    static boolean tryLock(DSLContext c, long collectionId) {
        return c.select(DSL.field("pg_try_advisory_lock({0}, {1})", Boolean.class, DSL.val(LOCK_SPACE),
                DSL.val((int) collectionId))).fetchSingle().value1();
    }

    /** The first key of the advisory lock: "list" in ASCII, so that other locks do not collide with it. */
    static final int LOCK_SPACE = 0x6c697374;

    private static void run(DSLContext c, Running running, String sql) {
        Query query = c.query(sql);
        running.set(query);
        try {
            query.execute();
        } finally {
            running.set(null);
        }
    }
}
