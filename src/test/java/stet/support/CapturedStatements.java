package stet.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Records every statement prepared through a data source, with the values bound to it,
 * whoever runs it (jOOQ, or a statement rendered once and run through JDBC). Use it as
 * {@code db.wrapped(captured::wrap)}; {@link Statement#inlined} gives the SQL with its
 * values written in, to {@code EXPLAIN} it.
 */
public final class CapturedStatements {

    /** A prepared statement and the values bound to it, by their index (from 1). */
    public record Statement(String sql, Map<Integer, Object> values) {

        /** The SQL with each {@code ?} replaced by its value as a literal (none inside a quoted literal). */
        public String inlined() {
            return withParameters(index -> literal(values.get(index)));
        }

        /** {@code PREPARE name AS} the SQL, each {@code ?} numbered as PostgreSQL numbers parameters. */
        public String prepare(String name) {
            return "prepare " + name + " as " + withParameters(index -> "$" + index);
        }

        /** The SQL with the {@code n}th {@code ?} (from 1, none inside a quoted literal) replaced by {@code each(n)}. */
        private String withParameters(IntFunction<String> each) {
            StringBuilder out = new StringBuilder();
            boolean quoted = false;
            int index = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                }
                if (c == '?' && !quoted) {
                    out.append(each.apply(++index));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** {@code EXECUTE name} with the values bound to the statement, as literals. */
        public String execute(String name) {
            return values.keySet().stream().sorted().map(i -> literal(values.get(i)))
                    .collect(Collectors.joining(", ", "execute " + name + "(", ")"));
        }

        private static String literal(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            if (value instanceof Object[] array) {
                return quote(Stream.of(array)
                        .map(e -> e == null ? "NULL" : "\"" + e.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(",", "{", "}")));
            }
            return quote(value.toString());
        }

        private static String quote(String text) {
            return "'" + text.replace("'", "''") + "'";
        }
    }

    private final List<Statement> statements = new CopyOnWriteArrayList<>();

    /** The data source whose statements are recorded. */
    public DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(method, target, args);
                    return result instanceof Connection c && method.getName().equals("getConnection") ? captured(c) : result;
                });
    }

    /** The statements prepared so far, in order. */
    public List<Statement> statements() {
        return List.copyOf(statements);
    }

    public void clear() {
        statements.clear();
    }

    private Connection captured(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = call(method, target, args);
                    if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement prepared) {
                        Statement statement = new Statement((String) args[0], new TreeMap<>());
                        statements.add(statement);
                        return bound(prepared, statement.values());
                    }
                    return result;
                });
    }

    private static PreparedStatement bound(PreparedStatement target, Map<Integer, Object> values) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                        Object value = name.equals("setNull") ? null : args[1];
                        values.put(index, value instanceof java.sql.Array array ? array.getArray() : value);
                    }
                    return call(method, target, args);
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
