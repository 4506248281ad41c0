package stet.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Connections that misbehave on cue, the way they do while PostgreSQL restarts: a
 * statement that fails because the connection is gone, a commit that fails after the
 * server committed. Hooks also run other work at an exact moment of a transaction (as
 * it begins, right after it commits), so races are reproduced in order, not by timing.
 * Use it as {@code db.wrapped(breakable::wrap)}; every hook fires once.
 */
public final class BreakableConnections {

    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall");

    private final AtomicReference<Runnable> onBegin = new AtomicReference<>();
    private final AtomicReference<Runnable> beforeCommit = new AtomicReference<>();
    private final AtomicReference<Runnable> afterCommit = new AtomicReference<>();
    private final AtomicBoolean failNextCommit = new AtomicBoolean();
    private final AtomicBoolean broken = new AtomicBoolean();

    /** The data source whose connections obey this object's cues. */
    public DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(method, target, args);
                    return result instanceof Connection c && method.getName().equals("getConnection") ? connection(c) : result;
                });
    }

    /** Runs {@code hook} when the next transaction begins, before its first statement. */
    public void onNextBegin(Runnable hook) {
        onBegin.set(hook);
    }

    /** Runs {@code hook} just before the next commit (the transaction's locks still held). */
    public void beforeNextCommit(Runnable hook) {
        beforeCommit.set(hook);
    }

    /** Runs {@code hook} right after the next successful commit, before the caller hears of it. */
    public void afterNextCommit(Runnable hook) {
        afterCommit.set(hook);
    }

    /** After the next commit, every statement on every connection fails until {@link #repair()}. */
    public void breakAfterNextCommit() {
        afterNextCommit(this::breakNow);
    }

    /** From now on every statement on every connection fails until {@link #repair()}, as while the server is away. */
    public void breakNow() {
        broken.set(true);
    }

    /** The next commit reaches the server and commits, then reports a lost connection. */
    public void failNextCommit() {
        failNextCommit.set(true);
    }

    /** Statements work again. */
    public void repair() {
        broken.set(false);
    }

    private Connection connection(Connection target) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (STATEMENTS.contains(name) && broken.get()) {
                throw lost();
            }
            if (name.equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
                run(onBegin);
            }
            if (name.equals("commit")) {
                run(beforeCommit);
                call(method, target, args);
                if (failNextCommit.getAndSet(false)) {
                    throw lost();
                }
                run(afterCommit);
                return null;
            }
            return call(method, target, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static void run(AtomicReference<Runnable> hook) {
        Runnable r = hook.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    private static SQLException lost() {
        return new SQLException("An I/O error occurred while sending to the backend.", "08006");
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
