package stet.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import stet.error.OutcomeUnknownException;

/**
 * stet's PostgreSQL: a small connection pool, the schema migrated at start-up, and
 * transactions as lambdas over the transaction's own {@link DSLContext}. With no URL
 * it starts a real embedded PostgreSQL whose data persists in a folder.
 */
public final class Database implements AutoCloseable {

    /** The file in the embedded data folder that holds the superuser's password (mode 0600). */
    public static final String PASSWORD_FILE = "stet-db-password";

    /** Two cores: a handful of connections keeps PostgreSQL busy without thrashing. */
    private static final int POOL_SIZE = 8;

    /** The pool this database owns and closes; null for a {@link #wrapped} view, which owns nothing. */
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this(dataSource, dataSource, embedded);
    }

    private Database(HikariDataSource owned, DataSource connections, EmbeddedPostgres embedded) {
        this.dataSource = owned;
        this.embedded = embedded;
        this.dsl = DSL.using(connections, SQLDialect.POSTGRES);
    }

    /** Connects to the PostgreSQL at {@code url} and migrates its schema. */
    public static Database connect(DatabaseUrl url) {
        HikariConfig config = poolConfig(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        return open(config, null);
    }

    /**
     * Starts (or restarts) the embedded PostgreSQL whose data lives in {@code dataDir}. It
     * listens on the loopback interface only and admits only the password kept in
     * {@link #PASSWORD_FILE}; a folder made before there was a password gets one.
     */
    public static Database embedded(Path dataDir) {
        EmbeddedPostgres pg;
        EmbeddedPassword password;
        try {
            Files.createDirectories(dataDir);
            password = EmbeddedPassword.prepare(dataDir);
            pg = startEmbedded(dataDir, password);
            if (password.started()) {
                // pg_hba.conf still trusts: set the password, rewrite it, and restart so it holds
                // from the first connection stet makes.
                try {
                    password.secure(pg);
                } finally {
                    closeQuietly(pg);
                }
                pg = startEmbedded(dataDir, password);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
        HikariConfig config = poolConfig(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword(password.password());
        try {
            return open(config, pg);
        } catch (RuntimeException e) {
            closeQuietly(pg);
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded(Path dataDir, EmbeddedPassword password) throws IOException {
        try {
            return password.configure(EmbeddedPostgres.builder())
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "40")
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
        } finally {
            password.discardInitdbFile();
        }
    }

    private static HikariConfig poolConfig(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("stet");
        config.setConnectionTimeout(10_000);
        return config;
    }

    private static Database open(HikariConfig config, EmbeddedPostgres embedded) {
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, embedded);
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
        return new Database(null, wrapper.apply(dataSource), null);
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
            if (!worked.get()) {
                throw e;
            }
            throw new OutcomeUnknownException("The database failed while saving your change, so we cannot tell whether"
                    + " it was saved.", null, null, e);
        }
    }

    /** True when the database answers a trivial query. */
    public boolean isHealthy() {
        try {
            return dsl.selectOne().fetchOne(0, Integer.class) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (dataSource == null) {
            return;
        }
        dataSource.close();
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            // the process is going away anyway; nothing useful to do
        }
    }
}
