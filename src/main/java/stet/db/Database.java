package stet.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

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

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
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

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Runs {@code work} in one transaction. Throwing rolls it back; the exception
     * reaches the caller unchanged.
     */
    public <T> T transaction(Function<DSLContext, T> work) {
        return dsl.transactionResult(configuration -> work.apply(configuration.dsl()));
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
