package stet.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.ConnectionCallable;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.postgresql.util.PGobject;

/**
 * A statement that every request runs, its SQL rendered by jOOQ once and run through JDBC.
 *
 * <p>Building a query with jOOQ, rendering it and reading its rows back into jOOQ records
 * cost a node more CPU than PostgreSQL spent answering the few statements each page and
 * save run (the profile in docs/benchmarks.md): even a query given as a plain SQL string is
 * scanned character by character on every execution. So the hot statements are built once
 * with jOOQ, from the generated tables as usual, with each value that varies a numbered
 * parameter ({@link #param}); their SQL is kept, and each execution binds its values in
 * order and maps the JDBC rows itself. Errors stay jOOQ's: a failed statement is a
 * {@link org.jooq.exception.DataAccessException} with the driver's exception as its cause.
 */
public final class RenderedSql {

    private static final String PREFIX = "stet_p";
    private static final Pattern NAMED = Pattern.compile(":" + PREFIX + "([0-9]+)");

    private final String sql;
    /** For each {@code ?} of {@link #sql}, the number of the parameter it binds. */
    private final int[] order;
    /** For each parameter, its type (how a null is bound). */
    private final DataType<?>[] types;

    private RenderedSql(String sql, int[] order, DataType<?>[] types) {
        this.sql = sql;
        this.order = order;
        this.types = types;
    }

    /** Parameter {@code number} (from 0) of a statement to render once, of {@code column}'s type. */
    public static <T> Param<T> param(int number, Field<T> column) {
        return DSL.param(PREFIX + number, column.getDataType());
    }

    /** Parameter {@code number} (from 0) of a statement to render once. */
    public static <T> Param<T> param(int number, DataType<T> type) {
        return DSL.param(PREFIX + number, type);
    }

    /** Parameter {@code number} (from 0) of a statement to render once, of {@code example}'s type (never null). */
    public static <T> Param<T> param(int number, T example) {
        return DSL.param(PREFIX + number, example);
    }

    /**
     * Renders {@code query}, whose every bind value is a {@link #param}, numbered from 0
     * (one number may appear more than once; a number the query does not use is a value
     * each run passes and the statement ignores).
     *
     * @throws IllegalArgumentException when a value of the query is not such a parameter
     */
    public static RenderedSql of(DSLContext dsl, Query query) {
        Matcher named = NAMED.matcher(dsl.renderNamedParams(query));
        List<Integer> order = new ArrayList<>();
        while (named.find()) {
            order.add(Integer.parseInt(named.group(1)));
        }
        if (order.size() != query.getBindValues().size()) {
            throw new IllegalArgumentException("a value of this query is not a numbered parameter: " + query);
        }
        Map<Integer, DataType<?>> numbered = new HashMap<>();
        for (Param<?> param : query.getParams().values()) {
            if (param.isInline()) {
                continue;
            }
            String name = param.getParamName();
            if (name == null || !name.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a numbered parameter: " + param);
            }
            numbered.put(Integer.parseInt(name.substring(PREFIX.length())), param.getDataType());
        }
        DataType<?>[] types = new DataType<?>[numbered.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        numbered.forEach((number, type) -> types[number] = type);
        return new RenderedSql(query.getSQL(ParamType.INDEXED), order.stream().mapToInt(Integer::intValue).toArray(),
                types);
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<R> {
        R map(ResultSet row) throws SQLException;
    }

    /**
     * Runs the statement with {@code values} (parameter 0 first; any after its own are
     * ignored) and maps its rows.
     */
    public <R> List<R> fetch(DSLContext dsl, Row<R> mapper, Object... values) {
        return run(dsl, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, values);
                List<R> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(mapper.map(result));
                    }
                }
                return rows;
            }
        });
    }

    /** {@link #fetch} for a statement of at most one row. */
    public <R> Optional<R> fetchOptional(DSLContext dsl, Row<R> mapper, Object... values) {
        List<R> rows = fetch(dsl, mapper, values);
        if (rows.size() > 1) {
            throw new IllegalStateException("more than one row: " + sql);
        }
        return rows.stream().findFirst();
    }

    /** Runs a statement that returns no rows; the number of rows it changed. */
    public int execute(DSLContext dsl, Object... values) {
        return run(dsl, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, values);
                return statement.executeUpdate();
            }
        });
    }

    /** Runs on {@code dsl}'s connection (its transaction's, if any), failures translated as jOOQ's listener does. */
    private static <T> T run(DSLContext dsl, ConnectionCallable<T> work) {
        try {
            return dsl.connectionResult(work);
        } catch (RuntimeException e) {
            throw Failures.translate(e, false);
        }
    }

    private void bind(PreparedStatement statement, Object[] values) throws SQLException {
        // Values after the statement's last parameter are another statement's: one request's values
        // may serve several statements (the list's walk, then its search by the word index).
        if (values.length < types.length) {
            throw new IllegalArgumentException("expected " + types.length + " values, got " + values.length);
        }
        for (int i = 0; i < order.length; i++) {
            int number = order[i];
            Object value = values[number];
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, types[number].getSQLType());
            } else if (value instanceof JSONB json) {
                PGobject jsonb = new PGobject();
                jsonb.setType("jsonb");
                jsonb.setValue(json.data());
                statement.setObject(index, jsonb);
            } else {
                statement.setObject(index, value);
            }
        }
    }

    /** A {@code timestamptz} column of a row (counted from 1). */
    public static OffsetDateTime time(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class);
    }

    /** A nullable {@code bigint} column of a row (counted from 1). */
    public static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /** A nullable {@code integer} column of a row (counted from 1). */
    public static Integer nullableInt(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
