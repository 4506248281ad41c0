package stet.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.RecordMapper;
import org.jooq.ResultQuery;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

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
    private static final String PREFIX = "stet_v";
    private static final Pattern NAMED = Pattern.compile(":" + PREFIX + "([0-9]+)");

    private final DSLContext dsl;
    private final Map<String, Rendered> byShape = new ConcurrentHashMap<>();

    RenderedQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The values of one query, each a named parameter, in the order they were made. */
    static final class Values {
        private final List<Object> values = new ArrayList<>();

        <T> Param<T> of(T value) {
            Param<T> param = DSL.param(PREFIX + values.size(), value);
            values.add(value);
            return param;
        }
    }

    private record Rendered(String sql, int[] order, Field<?>[] fields) {}

    /**
     * Runs {@code query}, whose structure {@code shape} names completely (two queries of one
     * shape differ only in {@code values}), and maps each row.
     */
    <R> List<R> fetch(String shape, ResultQuery<? extends org.jooq.Record> query, Values values,
            RecordMapper<org.jooq.Record, R> mapper) {
        Rendered rendered = byShape.get(shape);
        if (rendered == null) {
            rendered = render(query, values);
            if (byShape.size() < MAX_SHAPES) {
                byShape.put(shape, rendered);
            }
        }
        Object[] binds = new Object[rendered.order().length];
        for (int i = 0; i < binds.length; i++) {
            binds[i] = values.values.get(rendered.order()[i]);
        }
        return dsl.resultQuery(rendered.sql(), binds).coerce(rendered.fields()).fetch(mapper);
    }

    /** How many shapes are kept (for tests). */
    int shapes() {
        return byShape.size();
    }

    private Rendered render(ResultQuery<? extends org.jooq.Record> query, Values values) {
        Matcher named = NAMED.matcher(dsl.renderNamedParams(query));
        List<Integer> order = new ArrayList<>();
        while (named.find()) {
            order.add(Integer.parseInt(named.group(1)));
        }
        if (order.size() != query.getBindValues().size()) {
            throw new IllegalStateException("a value of this query is not a named parameter: " + query);
        }
        return new Rendered(query.getSQL(ParamType.INDEXED), order.stream().mapToInt(Integer::intValue).toArray(),
                query.fields());
    }
}
