package stet.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Counts the SQL statements and commits sent through a data source by the threads that
 * serve requests (not the node's background threads): each is a round trip to PostgreSQL. Use it as {@code db.wrapped(counter::wrap)} and read the counts
 * around one request.
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
                    if (isBackground(Thread.currentThread())) {
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

    /**
     * The node's own background threads (import workers polling for work, the list indexes'
     * builder, the health check) are named {@code stet-…}: what they send is no request's, and
     * counting it would make a request's count depend on when a worker happened to poll.
     */
    private static boolean isBackground(Thread thread) {
        return thread.getName().startsWith("stet-");
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
