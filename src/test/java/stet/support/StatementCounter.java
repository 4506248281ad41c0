package stet.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Counts the SQL statements and commits sent through a data source: each is a round
 * trip to PostgreSQL. Use it as {@code db.wrapped(counter::wrap)} and read the counts
 * around one request. Only the requests' own statements count: those of stet's
 * background threads (named {@code stet-…}: the import workers' polling, the live
 * changes' dispatch and lease checks) run on their own clock and would make any count
 * around a request depend on timing.
 */
public final class StatementCounter {

    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall");

    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();

    /** The data source whose connections are counted. */
    public DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(method, target, args);
                    return result instanceof Connection c && method.getName().equals("getConnection") ? counted(c) : result;
                });
    }

    /** Statements since the last {@link #reset}. */
    public int statements() {
        return statements.get();
    }

    /** Commits since the last {@link #reset}. */
    public int commits() {
        return commits.get();
    }

    public void reset() {
        statements.set(0);
        commits.set(0);
    }

    private Connection counted(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (Thread.currentThread().getName().startsWith("stet-")) {
                        return call(method, target, args);
                    }
                    if (STATEMENTS.contains(method.getName())) {
                        statements.incrementAndGet();
                    } else if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
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
