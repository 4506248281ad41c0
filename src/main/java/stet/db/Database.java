package stet.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import stet.error.DatabaseUnavailableException;
import stet.error.OutcomeUnknownException;

/**
 * stet's PostgreSQL: a small connection pool, the schema migrated at start-up, and
 * transactions as lambdas over the transaction's own {@link DSLContext}. With no URL
 * it starts a real embedded PostgreSQL whose data persists in a folder.
 *
 * <p>It fails fast rather than hang: every connection carries the {@link DatabaseTimeouts},
 * the driver gives up a connection whose server has not answered for longer than a statement
 * may run ({@link DatabaseTimeouts#socket()}), a {@link Circuit} refuses connections at once
 * while the server is known down, and a lock or statement timeout, or a server that cannot be
 * reached or stopped answering, surfaces as {@link DatabaseUnavailableException} (which the
 * web answers with 503).
 */
public final class Database implements AutoCloseable {

    /** The file in the embedded data folder that holds the superuser's password (mode 0600). */
    public static final String PASSWORD_FILE = "stet-db-password";

    /** How long start-up's migration waits for a connection. */
    private static final Duration MIGRATION_CONNECT = Duration.ofSeconds(60);

    /** Two cores: a handful of connections keeps PostgreSQL busy without thrashing. */
    private static final int POOL_SIZE = 8;

    /**
     * How long the circuit stays open after a failed connection before one request may
     * try again: short, so a database that is back is used within a second, and long
     * enough that requests meanwhile are answered at once.
     */
    private static final Duration COOL_DOWN = Duration.ofSeconds(1);

    /**
     * The driver's bound, in whole seconds, on each wait for the server's answer ({@link DatabaseTimeouts#socket()}).
     * Past it the driver closes the connection and the statement fails with SQLState 08006.
     */
    private static final String SOCKET_TIMEOUT = "socketTimeout";

    /** The driver's property naming a connection in {@code pg_stat_activity}. */
    private static final String APPLICATION_NAME = "ApplicationName";

    /**
     * What {@link #maintenance} connections are called in {@code pg_stat_activity}: they run
     * without the timeouts (an index built concurrently may wait long for its locks), so
     * whoever looks at what waits can tell them from the pool's ("stet").
     */
    public static final String MAINTENANCE = "stet maintenance";

    /** How long {@link #isHealthy()} waits for its answer: a health check must answer within a second. */
    private static final Duration HEALTH_WAIT = Duration.ofMillis(500);

    /** The pool this database owns and closes; null for a {@link #wrapped} view, which owns nothing. */
    private final HikariDataSource dataSource;
    /** The pool's settings, which {@link #maintenance} connects with (the owner's, for a view). */
    private final HikariDataSource settings;
    private final DSLContext dsl;
    /** The embedded PostgreSQL this database started and stops; null when it connected to a URL, and for a view. */
    private final EmbeddedServer embedded;
    private final Circuit circuit;
    private final HealthProbe health;

    private Database(HikariDataSource dataSource, EmbeddedServer embedded) {
        this(dataSource, dataSource, dataSource, embedded, new Circuit(COOL_DOWN.toNanos(), System::nanoTime), null);
    }

    private Database(HikariDataSource owned, HikariDataSource settings, DataSource connections, EmbeddedServer embedded,
            Circuit circuit, HealthProbe health) {
        this.dataSource = owned;
        this.settings = settings;
        this.embedded = embedded;
        this.circuit = circuit;
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(new GuardedDataSource(connections, circuit));
        // Single statements: a lock timeout is left to the store (see Failures.reason).
        configuration.set(ExecuteListener.onException(
                ctx -> ctx.exception(Failures.translate(noted(ctx.exception()), false))));
        this.dsl = DSL.using(configuration);
        this.health = health != null ? health : new HealthProbe(this::answers);
    }

    /** Connects to the PostgreSQL at {@code url} with the default timeouts and migrates its schema. */
    public static Database connect(DatabaseUrl url) {
        return connect(url, DatabaseTimeouts.DEFAULTS);
    }

    /** Connects to the PostgreSQL at {@code url} and migrates its schema. */
    public static Database connect(DatabaseUrl url, DatabaseTimeouts timeouts) {
        HikariConfig config = poolConfig(url.jdbcUrl(), timeouts);
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        try {
            return open(config, null);
        } catch (HikariPool.PoolInitializationException e) {
            throw DatabaseStartException.unreachable(url, e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Starts (or restarts) the embedded PostgreSQL whose data lives in {@code dataDir}. It
     * listens on the loopback interface only and admits only the password kept in
     * {@link #PASSWORD_FILE}; a folder made before there was a password gets one.
     */
    public static Database embedded(Path dataDir) {
        return embedded(dataDir, DatabaseTimeouts.DEFAULTS);
    }

    /** As {@link #embedded(Path)}, with these timeouts on every connection. */
    public static Database embedded(Path dataDir, DatabaseTimeouts timeouts) {
        return embedded(dataDir, timeouts, SharedBuffers.defaultMb());
    }

    /**
     * As {@link #embedded(Path, DatabaseTimeouts)}, the server keeping {@code sharedBuffersMb}
     * of pages in memory ({@link SharedBuffers}).
     */
    public static Database embedded(Path dataDir, DatabaseTimeouts timeouts, int sharedBuffersMb) {
        EmbeddedServer pg;
        EmbeddedPassword password;
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(dataDir.resolve("PG_VERSION")) && !isEmpty(dataDir)) {
                // initdb would refuse it, after stet had written its password file there.
                throw DatabaseStartException.folderNotOurs(dataDir);
            }
            LeftServer.stopIfLeft(dataDir);
            password = EmbeddedPassword.prepare(dataDir);
            pg = startEmbedded(dataDir, password, sharedBuffersMb);
            if (password.started()) {
                // pg_hba.conf still trusts: set the password, rewrite it, and restart so it holds
                // from the first connection stet makes.
                try {
                    password.secure(pg.postgres());
                } finally {
                    pg.close();
                }
                pg = startEmbedded(dataDir, password, sharedBuffersMb);
            }
        } catch (IOException e) {
            throw DatabaseStartException.folderUnusable(dataDir, e);
        } catch (IllegalStateException e) {
            // The library locks the folder for the server it starts: another process holds it, or
            // (overlapping) another server of this JVM.
            if (e instanceof OverlappingFileLockException
                    || e.getMessage() != null && e.getMessage().startsWith("could not lock")) {
                throw DatabaseStartException.folderInUse(dataDir, e);
            }
            throw e;
        }
        HikariConfig config = poolConfig(pg.postgres().getJdbcUrl("postgres", "postgres"), timeouts);
        config.setUsername("postgres");
        config.setPassword(password.password());
        Database database;
        try {
            database = open(config, pg);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        // A server killed or crashed under a running stet is started again, as a service manager would.
        pg.restartWhenItStops(dataDir, () -> builder(dataDir, EmbeddedPassword.prepare(dataDir), sharedBuffersMb));
        return database;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static EmbeddedServer startEmbedded(Path dataDir, EmbeddedPassword password, int sharedBuffersMb)
            throws IOException {
        try {
            return EmbeddedServer.start(builder(dataDir, password, sharedBuffersMb));
        } finally {
            password.discardInitdbFile();
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, EmbeddedPassword password, int sharedBuffersMb) {
        return password.configure(EmbeddedPostgres.builder())
                .setDataDirectory(dataDir.toAbsolutePath())
                .setCleanDataDirectory(false)
                // The library starts PostgreSQL as tests want it: fsync off (-F, which a later
                // -c overrides) and synchronous_commit off. stet keeps every commit it answers.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "40")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("shared_buffers", sharedBuffersMb + "MB");
    }

    private static HikariConfig poolConfig(String jdbcUrl, DatabaseTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("stet");
        config.setConnectionTimeout(timeouts.connect().toMillis());
        config.setValidationTimeout(Math.min(timeouts.connect().toMillis(), 1_000));
        // The driver's own bounds (whole seconds, at least 1), for a server that accepts no packets at all.
        String connectSeconds = String.valueOf(Math.max(1, timeouts.connect().toSeconds()));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        config.addDataSourceProperty(SOCKET_TIMEOUT, String.valueOf(timeouts.socket().toSeconds()));
        config.addDataSourceProperty(APPLICATION_NAME, "stet");
        config.setConnectionInitSql(timeouts.sessionSettings());
        return config;
    }

    private static Database open(HikariConfig config, EmbeddedServer embedded) {
        migrateWithoutTimeouts(config);
        return new Database(new HikariDataSource(config), embedded);
    }

    /**
     * Migrates through a connection of its own, without the timeouts: a migration may
     * rightly run long or wait for another node's migration lock.
     */
    private static void migrateWithoutTimeouts(HikariConfig poolConfig) {
        // Not HikariConfig.copyStateTo: the copy shares the pool's driver properties, so what is set
        // here would change the pool's too.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(poolConfig.getJdbcUrl());
        config.setUsername(poolConfig.getUsername());
        config.setPassword(poolConfig.getPassword());
        config.setDataSourceProperties(poolConfig.getDataSourceProperties());
        // No socket timeout: with no statement timeout either, a migration may rightly run for minutes.
        config.getDataSourceProperties().remove(SOCKET_TIMEOUT);
        // Start-up waits for a slow server (a loaded machine, other nodes starting): the
        // short connect timeout is for requests, which must fail fast while serving.
        config.setConnectionTimeout(MIGRATION_CONNECT.toMillis());
        config.addDataSourceProperty("connectTimeout", String.valueOf(MIGRATION_CONNECT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", String.valueOf(MIGRATION_CONNECT.toSeconds()));
        // Flyway holds one connection for its lock and works on another.
        config.setMaximumPoolSize(2);
        config.setPoolName("stet-migration");
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            migrate(dataSource);
        }
    }

    /** Applies the migrations in {@code db/migration} (on the classpath). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * The same database seen through {@code wrapper}, which gets this pool and returns the
     * data source the view takes its connections from. The view shares the pool and
     * closing it closes nothing. Tests wrap connections this way to break them at a
     * chosen moment (after a commit, during one) as a database restart would.
     */
    public Database wrapped(UnaryOperator<DataSource> wrapper) {
        if (dataSource == null) {
            throw new IllegalStateException("wrap the database that owns the pool, not a view of it");
        }
        return new Database(null, dataSource, wrapper.apply(dataSource), null, circuit, health);
    }

    /**
     * Reports the pool (connections in use, idle and pending, waits, timeouts) to
     * {@code tracker}. A pool reports to one tracker only, so a second call, or a call on a
     * {@link #wrapped} view, which owns no pool, changes nothing and answers false.
     */
    public synchronized boolean trackPool(MetricsTrackerFactory tracker) {
        if (dataSource == null || dataSource.getMetricsTrackerFactory() != null) {
            return false;
        }
        dataSource.setMetricsTrackerFactory(tracker);
        return true;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Runs {@code work} in one transaction. Throwing rolls it back; the exception
     * reaches the caller unchanged. When {@code work} finished but the commit failed,
     * the change may or may not have been committed: that is an
     * {@link OutcomeUnknownException}, never "nothing changed".
     */
    public <T> T transaction(Function<DSLContext, T> work) {
        AtomicBoolean worked = new AtomicBoolean();
        try {
            return dsl.transactionResult(configuration -> {
                T result = work.apply(configuration.dsl());
                worked.set(true);
                return result;
            });
        } catch (RuntimeException e) {
            noted(e);
            if (!worked.get()) {
                // Nothing was committed: a lock or statement timeout, or a lost server, is worth a retry.
                throw Failures.translate(e, true);
            }
            throw new OutcomeUnknownException("The database failed while saving your change, so we cannot tell whether"
                    + " it was saved.", null, null, e);
        }
    }

    /**
     * A server that did not answer within the socket timeout is known down, as one that refused
     * a connection is: the circuit opens, so the next requests fail at once instead of each
     * waiting out the socket timeout on another pooled connection. Answers {@code e}.
     */
    private RuntimeException noted(RuntimeException e) {
        if (Failures.unanswered(e)) {
            circuit.failed();
        }
        return e;
    }

    /**
     * Runs {@code work} on a connection of its own, outside the pool and without the
     * timeouts, in autocommit mode, and closes it after. For maintenance that rightly runs
     * long or must run outside a transaction (building an index concurrently), without
     * holding a pooled connection or changing one's settings.
     */
    public <T> T maintenance(Function<DSLContext, T> work) throws SQLException {
        Properties properties = driverProperties();
        properties.setProperty(APPLICATION_NAME, MAINTENANCE);
        // No socket timeout either: an index built concurrently over 10^6 records sends nothing back
        // for minutes, and waits for every transaction older than it.
        properties.remove(SOCKET_TIMEOUT);
        try (Connection connection = DriverManager.getConnection(settings.getJdbcUrl(), properties)) {
            return work.apply(DSL.using(connection, SQLDialect.POSTGRES));
        }
    }

    /**
     * A connection of its own, outside the pool, with the pool's settings, in autocommit
     * mode: for a connection held for a node's lifetime (the LISTEN of live changes) or
     * for work that must not hold a pooled one. The caller closes it.
     *
     * <p>It keeps the pool's socket timeout: the LISTEN waits for notifications with
     * {@code getNotifications(timeout)}, which sets the socket's timeout for that wait and
     * restores it, and its own statements (LISTEN, a ping every few seconds) are short. So a
     * server that stops answering breaks the connection, which the listener makes again,
     * instead of holding its ping for ever.
     */
    public Connection openDedicated() throws SQLException {
        return DriverManager.getConnection(settings.getJdbcUrl(), driverProperties());
    }

    /** The pool's driver properties with its credentials, for a connection made outside it. */
    private Properties driverProperties() {
        Properties properties = new Properties();
        properties.putAll(settings.getDataSourceProperties());
        if (settings.getUsername() != null) {
            properties.setProperty("user", settings.getUsername());
        }
        if (settings.getPassword() != null) {
            properties.setProperty("password", settings.getPassword());
        }
        return properties;
    }

    /**
     * True when the database answers a trivial query within half a second. While the
     * database is known down it answers false at once.
     */
    public boolean isHealthy() {
        // The query goes through the circuit too, so it fails at once while the server is known down.
        return health.check(HEALTH_WAIT);
    }

    private boolean answers() {
        try {
            return dsl.selectOne().fetchOne(0, Integer.class) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the pool is closed: this database, or the one it wraps, was closed. */
    public boolean isClosed() {
        return settings.isClosed();
    }

    @Override
    public void close() {
        if (dataSource == null) {
            return;
        }
        health.close();
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * The caller closes this database in a JVM shutdown hook of its own, after what uses it
     * (as {@code App.closeAtExit} does): the embedded PostgreSQL no longer stops by itself
     * when the JVM exits, where it would stop under requests still being served.
     */
    public void closedAtExitByCaller() {
        if (embedded != null) {
            embedded.stoppedByOwner();
        }
    }

    /**
     * Runs the health query on a thread of its own so that the caller waits a bounded
     * time however long the pool waits for a connection; callers that arrive while a
     * check runs share its answer rather than starting more.
     */
    private static final class HealthProbe implements AutoCloseable {
        private final BooleanSupplier query;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stet-health");
            t.setDaemon(true);
            return t;
        });
        private CompletableFuture<Boolean> running;

        HealthProbe(BooleanSupplier query) {
            this.query = query;
        }

        boolean check(Duration wait) {
            CompletableFuture<Boolean> probe = probe();
            try {
                return probe.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private synchronized CompletableFuture<Boolean> probe() {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(query::getAsBoolean, thread);
            }
            return running;
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }
}
