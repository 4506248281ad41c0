package stet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL admits only stet: a generated password (SCRAM) kept in the
 * data folder, readable by its owner only, and connections on the loopback interface only.
 */
class EmbeddedDatabaseIT {

    /** The name docs/configuration.md gives the password file. */
    private static final String PASSWORD_FILE = "stet-db-password";

    @Test
    void a_new_data_folder_gets_a_password_that_stet_uses_and_nobody_connects_without(@TempDir Path dataDir)
            throws Exception {
        try (Database db = Database.embedded(dataDir)) {
            assertThat(db.dsl().fetchValue("select 1")).isEqualTo(1);
            assertLockedDown(db, dataDir);
        }
        // A restart reads the same password and keeps the data.
        try (Database db = Database.embedded(dataDir)) {
            assertThat(db.dsl().fetchValue("select 1")).isEqualTo(1);
            assertLockedDown(db, dataDir);
        }
    }

    @Test
    void a_data_folder_made_by_the_old_trusting_setup_gets_a_password_and_keeps_its_data(@TempDir Path dataDir)
            throws Exception {
        // What stet did before: initdb with trust, no password file.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create schema old_data");
            statement.execute("create table old_data.kept (value text)");
            statement.execute("insert into old_data.kept values ('still here')");
        }
        assertThat(dataDir.resolve(PASSWORD_FILE)).doesNotExist();

        try (Database db = Database.embedded(dataDir)) {
            assertThat(db.dsl().fetchValue("select value from old_data.kept")).isEqualTo("still here");
            assertLockedDown(db, dataDir);
        }
        try (Database db = Database.embedded(dataDir)) {
            assertThat(db.dsl().fetchValue("select value from old_data.kept")).isEqualTo("still here");
            assertLockedDown(db, dataDir);
        }
    }

    @Test
    void the_embedded_database_keeps_pages_in_the_shared_buffers_it_is_told_and_by_default_in_the_machines_share(
            @TempDir Path dataDir) {
        try (Database db = Database.embedded(dataDir, DatabaseTimeouts.DEFAULTS, 48)) {
            assertThat(db.dsl().fetchValue("show shared_buffers")).isEqualTo("48MB");
        }
        // Set at every start, not kept from the one before.
        try (Database db = Database.embedded(dataDir)) {
            assertThat(db.dsl().fetchValue("show shared_buffers")).isEqualTo(sharedBuffers(SharedBuffers.defaultMb()));
        }
    }

    @Test
    void the_embedded_database_keeps_every_commit_it_acknowledged_through_a_crash(@TempDir Path dataDir) {
        // The embedded library starts PostgreSQL for tests: fsync off (-F) and synchronous_commit
        // off, which lose acknowledged commits when the server is killed and may corrupt the
        // cluster when the machine stops.
        try (Database db = Database.embedded(dataDir, DatabaseTimeouts.DEFAULTS, 32)) {
            assertThat(db.dsl().fetchValue("show fsync")).isEqualTo("on");
            assertThat(db.dsl().fetchValue("show synchronous_commit")).isEqualTo("on");
            assertThat(db.dsl().fetchValue("show full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void an_embedded_postgresql_killed_under_stet_is_started_again_with_every_commit_it_acknowledged(
            @TempDir Path dataDir) throws Exception {
        try (Database db = Database.embedded(dataDir, DatabaseTimeouts.DEFAULTS, 32)) {
            db.dsl().execute("create table kept (v text)");
            db.dsl().execute("insert into kept values ('acknowledged')");
            ProcessHandle killed = postmaster(dataDir);

            killed.destroyForcibly(); // SIGKILL
            killed.onExit().get(30, TimeUnit.SECONDS);

            awaitAnswer(db, Duration.ofSeconds(90));
            assertThat(db.dsl().fetchValue("select v from kept")).isEqualTo("acknowledged");
            assertThat(postmaster(dataDir).pid()).isNotEqualTo(killed.pid());
        }
    }

    private static ProcessHandle postmaster(Path dataDir) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow();
    }

    /** Waits until the database answers a query again. */
    private static void awaitAnswer(Database db, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                db.dsl().fetchValue("select 1");
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the database did not answer again within " + limit, last);
    }

    /** How PostgreSQL shows a number of MB: in GB when whole. */
    private static String sharedBuffers(int mb) {
        return mb % 1024 == 0 ? mb / 1024 + "GB" : mb + "MB";
    }

    private static void assertLockedDown(Database db, Path dataDir) throws Exception {
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        assertThat(passwordFile).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);

        int port = Integer.parseInt(db.dsl().fetchValue("show port").toString());
        assertThat(db.dsl().fetchValue("show listen_addresses")).isEqualTo("localhost");
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "not-the-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection connection = DriverManager.getConnection(url, "postgres", password);
                    Statement statement = connection.createStatement()) {
                assertThat(statement.executeQuery("select 1").next()).isTrue();
            }
        }
        assertThat(Files.readAllLines(dataDir.resolve("pg_hba.conf")).stream()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.strip()).endsWith("scram-sha-256"));
    }
}
