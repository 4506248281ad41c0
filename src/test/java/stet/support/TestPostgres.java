package stet.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import stet.db.Database;
import stet.db.DatabaseUrl;

/**
 * One real PostgreSQL per test JVM (the embedded one stet itself uses), migrated once
 * into a template database. Each test class asks for a {@link Database} parameter (in
 * a {@code @BeforeAll} method) and gets a fresh copy of the template, so no test sees
 * another's data. A {@link DatabaseUrl} parameter is the address of a fresh copy instead,
 * for tests that connect to one database more than once, as several nodes do.
 */
public final class TestPostgres implements ParameterResolver {

    private static final String TEMPLATE = "stet_template";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Database.class || type == DatabaseUrl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Server server = context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, key -> new Server(), Server.class);
        DatabaseUrl url = server.freshDatabase();
        return parameter.getParameter().getType() == DatabaseUrl.class ? url : Database.connect(url);
    }

    /** The shared server; JUnit closes it when the run ends. */
    static final class Server implements AutoCloseable {
        private final EmbeddedPostgres pg;
        private final AtomicInteger counter = new AtomicInteger();

        Server() {
            try {
                pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            execute("create database " + TEMPLATE);
            // Connecting migrates; closing leaves the template ready to copy.
            Database.connect(url(TEMPLATE)).close();
        }

        DatabaseUrl freshDatabase() {
            String name = "stet_test_" + counter.incrementAndGet();
            execute("create database " + name + " template " + TEMPLATE);
            return url(name);
        }

        private DatabaseUrl url(String database) {
            return new DatabaseUrl(pg.getJdbcUrl("postgres", database), "postgres", null);
        }

        private void execute(String sql) {
            try (Connection connection = pg.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        @Override
        public void close() throws IOException {
            pg.close();
        }
    }
}
