package stet.record;

import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.RECORD_SEARCH;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.SelectWhereStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The record list's queries: a page of a collection's live records, found by a search,
 * narrowed by filters, in any shown column's order, with keyset paging. Each query is
 * rendered once per shape ({@link RenderedQueries}) and built with jOOQ only then: a
 * page of a known shape makes its conditions (which carry its values) and no more.
 */
public final class RecordListStore {

    /**
     * How many records a search walks in the list's order before it asks the word index
     * instead: a word found in more than 1 in {@value} records fills a page within the walk.
     */
    static final int SEARCH_WALK = 2_000;

    /**
     * How long word statistics are used before they are read again. PostgreSQL changes
     * them only when it analyzes the table (autovacuum, after a tenth of it has changed).
     */
    private static final long STATISTICS_AGE = TimeUnit.MINUTES.toNanos(5);

    private static final String ORDER_ALIAS = "order_";
    private static final String DOCUMENT = "document";

    private final DSLContext dsl;
    /** The list's queries, rendered once per shape. */
    private final RenderedQueries queries;
    /** The search's word statistics as last read, and when (System.nanoTime). */
    private final AtomicReference<Statistics> wordStatistics = new AtomicReference<>();
    /** Whether a request is reading the statistics again (the others use the ones they have meanwhile). */
    private final AtomicBoolean readingStatistics = new AtomicBoolean();

    private record Statistics(WordFrequencies frequencies, long readAt) {}

    public RecordListStore(DSLContext dsl) {
        this.dsl = dsl;
        this.queries = new RenderedQueries(dsl);
    }

    /**
     * A page of a collection's live records as a list shows them: found by the query's
     * search, narrowed by its filters, in its order, after its cursor (keyset paging for
     * every order: no OFFSET). Selects only the id, the version and the values of
     * {@code shownKeys}, never a whole record's data.
     *
     * <p>A search is answered in one of two ways, because neither plan suits every word
     * and PostgreSQL's estimates do not choose well between them: first by walking at
     * most {@value #SEARCH_WALK} records in the list's order and testing each one's
     * vector (fast for a common word: a page is found early); when that does not fill
     * the page, by the ids of every matching record from the word index, fetched by id
     * and sorted (fast for a rare word: few matches). A search that PostgreSQL's word
     * statistics say is too rare for the walk to fill a page skips the walk.
     */
    public List<ListedRecord> list(long collectionId, RecordQuery query, List<String> shownKeys, int limit) {
        RenderedQueries.Values values = new RenderedQueries.Values();
        // The collection id is inlined: the list's expression indexes are partial on it.
        Condition where = RECORD.COLLECTION_ID.eq(DSL.inline(collectionId)).and(RECORD.DELETED.isFalse());
        StringBuilder shape = new StringBuilder().append(collectionId).append('|').append(shownKeys)
                .append('|').append(query.sort().param()).append(' ').append(query.sort().kind())
                .append('|').append(limit);
        for (RecordQuery.Filter filter : query.filters()) {
            where = where.and(filter(filter, values));
            shape.append("|filter ").append(filter.key()).append(filter.from() != null).append(filter.to() != null)
                    .append(filter.from() != null && filter.from().equals(filter.to()));
        }
        if (query.after() != null) {
            where = where.and(after(query.sort(), query.after(), values));
            shape.append("|after");
        }
        Condition filtered = where;
        if (query.search() == null) {
            return listed("list|" + shape, () -> selectListed(shownKeys).where(filtered).orderBy(orderBy(query.sort()))
                    .limit(DSL.inline(limit)), values, shownKeys);
        }
        // The words in a sub-select of their own: every plan of the statement then knows as little
        // of them, and PostgreSQL keeps one generic plan instead of planning each run (V20).
        Condition matches = DSL.condition("{0} @@ (select stet_search_query({1}))",
                RECORD_SEARCH.SEARCH, values.of(query.search()));
        if (walkFallsShort(query.search(), limit)) {
            return matching(filtered, matches, query, shape, values, shownKeys, limit);
        }
        List<ListedRecord> walked = listed("walk|" + shape, () -> walk(filtered, matches, query.sort(), shownKeys, limit),
                values, shownKeys);
        if (walked.size() == limit) {
            return walked;
        }
        return matching(filtered, matches, query, shape, values, shownKeys, limit);
    }

    /** The walk: the first {@value #SEARCH_WALK} records in the list's order, then those of them that match. */
    private ResultQuery<?> walk(Condition where, Condition matches, RecordQuery.Sort sort, List<String> shownKeys,
            int limit) {
        List<Field<?>> order = ListColumns.order(sort);
        // The walk carries each record's document, not its shown values: only the matches' are read.
        var walk = selectWalked(shownKeys, order).where(where).orderBy(orderBy(sort))
                .limit(DSL.inline(SEARCH_WALK)).asTable("walk");
        List<SortField<?>> walkOrder = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Field<?> column = isColumn(order.get(i)) ? walk.field(order.get(i)) : walk.field(ORDER_ALIAS + i);
            walkOrder.add(sort.descending() ? column.desc() : column.asc());
        }
        List<SelectField<?>> shown = new ArrayList<>(List.of(walk.field(RECORD.ID), walk.field(RECORD.VERSION)));
        if (!shownKeys.isEmpty()) {
            shown.add(ListColumns.texts(shownKeys, walk.field(DOCUMENT, JSONB.class)).as("shown_values"));
        }
        return dsl.select(shown)
                .from(walk)
                // OFFSET 0 keeps the test a sub-plan run per walked record (its vector found by its
                // id): as a semi-join, a generic plan would read every match from the word index.
                .whereExists(DSL.selectOne().from(RECORD_SEARCH)
                        .where(RECORD_SEARCH.RECORD_ID.eq(walk.field(RECORD.ID)))
                        .and(matches)
                        .offset(DSL.inline(0)))
                .orderBy(walkOrder)
                .limit(DSL.inline(limit));
    }

    /** A page of the records the word index finds for a search, fetched by id and sorted. */
    private List<ListedRecord> matching(Condition where, Condition matches, RecordQuery query, StringBuilder shape,
            RenderedQueries.Values values, List<String> shownKeys, int limit) {
        return listed("matching|" + shape, () -> {
            // "= any(array(…))" keeps the plan: the matches from the word index, then each record by its id.
            var matching = DSL.array(DSL.select(RECORD_SEARCH.RECORD_ID).from(RECORD_SEARCH).where(matches));
            return selectListed(shownKeys)
                    .where(where.and(DSL.condition("{0} = any({1})", RECORD.ID, matching)))
                    .orderBy(orderBy(query.sort()))
                    .limit(DSL.inline(limit));
        }, values, shownKeys);
    }

    /**
     * Whether the statistics say a walk of {@value #SEARCH_WALK} records would find fewer than
     * {@code limit} matches: a search matching a share s of the records needs about limit / s.
     * Unknown statistics say no: the walk is tried, and the word index asked after it.
     */
    private boolean walkFallsShort(String search, int limit) {
        double share = wordFrequencies().share(search);
        return share * SEARCH_WALK < limit;
    }

    /** The word statistics, read again when they are older than {@link #STATISTICS_AGE}. */
    WordFrequencies wordFrequencies() {
        Statistics known = wordStatistics.get();
        boolean old = known == null || System.nanoTime() - known.readAt() > STATISTICS_AGE;
        if (old && readingStatistics.compareAndSet(false, true)) {
            try {
                refreshWordFrequencies();
            } finally {
                readingStatistics.set(false);
            }
        }
        Statistics read = wordStatistics.get();
        // Null while another request reads them for the first time.
        return read == null ? WordFrequencies.UNKNOWN : read.frequencies();
    }

    /** Uses {@code frequencies} as if just read (tests and benchmarks: a plan they choose). */
    void assumeWordFrequencies(WordFrequencies frequencies) {
        wordStatistics.set(new Statistics(frequencies, System.nanoTime()));
    }

    /**
     * Reads the most common words of the search vectors and their shares from
     * {@code pg_stats} (unknown until PostgreSQL has analyzed the table).
     */
    void refreshWordFrequencies() {
        long now = System.nanoTime();
        WordFrequencies read = dsl.resultQuery("""
                        select most_common_elems::text::text[], most_common_elem_freqs
                        from pg_stats
                        where schemaname = any(current_schemas(false)) and tablename = 'record_search'
                          and attname = 'search'""")
                .fetchOptional(r -> WordFrequencies.of(r.get(0, String[].class), r.get(1, Float[].class)))
                .orElse(WordFrequencies.UNKNOWN);
        wordStatistics.set(new Statistics(read, now));
    }

    /** The id, the version, the document its shown values are read from, and {@code order} (aliased). */
    private SelectWhereStep<org.jooq.Record> selectWalked(List<String> shownKeys, List<Field<?>> order) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(RECORD.ID, RECORD.VERSION));
        if (!shownKeys.isEmpty()) {
            fields.add(ListColumns.document().as(DOCUMENT));
        }
        for (int i = 0; i < order.size(); i++) {
            if (!isColumn(order.get(i))) {
                fields.add(order.get(i).as(ORDER_ALIAS + i));
            }
        }
        return dsl.select(fields).from(RECORD);
    }

    /** The id, the version and the shown values. */
    private SelectWhereStep<org.jooq.Record> selectListed(List<String> shownKeys) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(RECORD.ID, RECORD.VERSION));
        if (!shownKeys.isEmpty()) {
            fields.add(ListColumns.texts(shownKeys).as("shown_values"));
        }
        return dsl.select(fields).from(RECORD);
    }

    /**
     * Whether an order column is selected anyway. Selected twice (once under an alias), the
     * planner would no longer see that the walk comes out in the order the search asks for.
     */
    private static boolean isColumn(Field<?> order) {
        return order == RECORD.ID || order == RECORD.VERSION;
    }

    private static List<SortField<?>> orderBy(RecordQuery.Sort sort) {
        return ListColumns.order(sort).stream()
                .<SortField<?>>map(f -> sort.descending() ? f.desc() : f.asc())
                .toList();
    }

    /** Runs the query of {@code shape}, built by {@code query} only the first time that shape is seen. */
    private List<ListedRecord> listed(String shape, Supplier<ResultQuery<?>> query,
            RenderedQueries.Values binds, List<String> shownKeys) {
        return queries.fetch(shape, query, binds, r -> {
            Map<String, String> values = new HashMap<>();
            String[] shown = shownKeys.isEmpty() ? new String[0] : (String[]) r.getArray(3).getArray();
            for (int i = 0; i < shownKeys.size(); i++) {
                if (shown[i] != null) {
                    values.put(shownKeys.get(i), shown[i]);
                }
            }
            return new ListedRecord(r.getLong(1), r.getInt(2), values);
        });
    }

    /** A filter: the order's columns of its field, so that the field's index serves it. */
    private static Condition filter(RecordQuery.Filter filter, RenderedQueries.Values values) {
        Field<Object> value = ListColumns.value(filter.key(), RecordQuery.Kind.TEXT);
        Condition present = ListColumns.empty(filter.key(), RecordQuery.Kind.TEXT).eq(DSL.inline(0));
        if (filter.from() != null && filter.from().equals(filter.to())) {
            return present.and(value.eq(values.<Object>of(filter.from())));
        }
        return present.and(filter.from() == null ? DSL.noCondition() : value.ge(values.<Object>of(filter.from())))
                .and(filter.to() == null ? DSL.noCondition() : value.le(values.<Object>of(filter.to())));
    }

    /**
     * The records after a cursor in an order: its columns, as a row, greater than the
     * cursor's (less when descending). A row comparison is what lets an index on the same
     * columns start at the cursor.
     */
    private static Condition after(RecordQuery.Sort sort, RecordQuery.Cursor cursor, RenderedQueries.Values v) {
        List<Field<?>> columns = ListColumns.order(sort);
        List<Field<?>> values = switch (sort.kind()) {
            case ID -> List.of(v.of(cursor.id()));
            case VERSION -> List.of(v.of(Integer.parseInt(cursor.value())), v.of(cursor.id()));
            case TEXT -> List.of(v.of(cursor.value() == null ? 1 : 0),
                    v.of(cursor.value() == null ? "" : cursor.value()), v.of(cursor.id()));
            case NUMBER -> List.of(v.of(cursor.value() == null ? 1 : 0),
                    v.of(cursor.value() == null ? BigDecimal.ZERO : new BigDecimal(cursor.value())), v.of(cursor.id()));
        };
        return sort.descending() ? DSL.row(columns).lt(DSL.row(values)) : DSL.row(columns).gt(DSL.row(values));
    }
}
