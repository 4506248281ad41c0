package stet.record;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import stet.db.DatabaseUrl;

/** Databases of their own on a test's server, migrated only to an older version, for the tests of what a migration does to rows written before it. */
final class OldDatabases {

    private OldDatabases() {
    }

    /** A new database {@code name} on {@code server}, migrated to {@code version}. */
    static DatabaseUrl at(DatabaseUrl server, String name, String version) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        DatabaseUrl url = new DatabaseUrl(server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
                server.user(), server.password());
        migrate(url, version);
        return url;
    }

    /** Migrates {@code url} to {@code version} ("latest": all). */
    static void migrate(DatabaseUrl url, String version) {
        Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).locations("classpath:db/migration")
                .target(version).load().migrate();
    }
}
