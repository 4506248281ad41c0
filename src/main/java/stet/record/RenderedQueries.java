package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.ResultQuery;
import stet.db.RenderedSql;

/**
 * Queries whose SQL depends on the request (the list's order, filters, search and cursor),
 * rendered once per shape: rendering the list's query took
 * more of a node's CPU than PostgreSQL took to answer it.
 *
 * <p>A query is built with jOOQ as usual, except that every value that varies between
 * requests of one shape is a named parameter made by {@link Values#of}. The first time a
 * shape is seen its SQL is rendered, with the order in which its parameters appear; later
 * requests of that shape bind their own values in that order. A query with any other bind
 * value is refused: it would be run with the first request's value.
 */
final class RenderedQueries {

    /** Beyond this many shapes (only crafted requests get there), nothing more is kept. */
    static final int MAX_SHAPES = 2_000;

    private final DSLContext dsl;
    private final Map<String, RenderedSql> byShape = new ConcurrentHashMap<>();

    RenderedQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The values of one query, each a numbered parameter of {@link RenderedSql}, in the order they were made. */
    static final class Values {
        private final List<Object> values = new ArrayList<>();

        <T> Param<T> of(T value) {
            Param<T> param = RenderedSql.param(values.size(), value);
            values.add(value);
            return param;
        }
    }

    /**
     * Runs {@code query}, whose structure {@code shape} names completely (two queries of one
     * shape differ only in {@code values}), and maps each row. The query is built only when
     * its shape is new: building it with jOOQ cost more than running it.
     *
     * @throws IllegalArgumentException when a value of the query is not one of {@code values}
     */
    <R> List<R> fetch(String shape, Supplier<? extends ResultQuery<?>> query, Values values,
            RenderedSql.Row<R> mapper) {
        RenderedSql rendered = byShape.get(shape);
        if (rendered == null) {
            rendered = RenderedSql.of(dsl, query.get());
            if (byShape.size() < MAX_SHAPES) {
                byShape.put(shape, rendered);
            }
        }
        return rendered.fetch(dsl, mapper, values.values.toArray());
    }

    /** How many shapes are kept (for tests). */
    int shapes() {
        return byShape.size();
    }
}
