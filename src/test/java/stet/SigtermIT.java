package stet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stet.db.Database;
import stet.support.JavaProcess;
import stet.support.Listening;
import stet.support.WebClient;

/**
 * stet run as the README runs it, in a process of its own on its embedded PostgreSQL, and
 * stopped as an operator or a container stops it: SIGTERM to the JVM. The request in flight
 * finishes on a database that is still there, and the database stops after it.
 */
class SigtermIT {

    private static final Pattern LISTENING = Pattern.compile("stet is listening on http://localhost:(\\d+)");
    private static final Duration START = Duration.ofMinutes(2);
    private static final String DEMO_PASSWORD = "stet-demo";

    @Test
    void a_save_in_flight_at_sigterm_is_saved_before_the_embedded_database_stops(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path output = dir.resolve("stet.log");
        Process stet = start(data, output);
        long id;
        try {
            int port = awaitListening(stet, output);
            WebClient alice = new WebClient(port).logIn("alice", DEMO_PASSWORD);
            id = firstRecord(alice);
            Map<String, List<String>> typed = new HashMap<>(alice.get("/records/" + id + "/edit").form("record-form"));
            typed.put("name", List.of("Renamed as stet stops"));

            CompletableFuture<WebClient.Page> save;
            try (Connection holder = connect(data); Connection watcher = connect(data)) {
                holder.setAutoCommit(false);
                try (Statement statement = holder.createStatement()) {
                    statement.execute("select id from record where id = " + id + " for update");
                }
                save = CompletableFuture.supplyAsync(() -> alice.postForm("/records/" + id, typed));
                awaitWaitingOnALock(watcher);

                stet.destroy(); // SIGTERM
                Listening.awaitRefused(port, Duration.ofSeconds(30));
                holder.commit();
            }

            WebClient.Page saved = save.get(60, TimeUnit.SECONDS);
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            assertThat(stet.waitFor(60, TimeUnit.SECONDS)).as("stet ended").isTrue();
            assertThat(data.resolve("postmaster.pid")).as("the embedded PostgreSQL stopped").doesNotExist();
        } finally {
            stopForcibly(stet, data);
        }
        try (Database db = Database.embedded(data)) {
            assertThat(db.dsl().fetchValue("select data->>'name' from record where id = " + id)).isEqualTo("Renamed as stet stops");
        }
    }

    @Test
    void a_stet_killed_outright_leaves_its_postgresql_running_and_the_next_start_stops_it_and_takes_over(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        Path output = dir.resolve("stet.log");
        Process stet = start(data, output);
        long id;
        ProcessHandle left;
        try {
            WebClient alice = new WebClient(awaitListening(stet, output)).logIn("alice", DEMO_PASSWORD);
            id = firstRecord(alice);
            Map<String, List<String>> typed = new HashMap<>(alice.get("/records/" + id + "/edit").form("record-form"));
            typed.put("name", List.of("Saved before the kill"));
            assertThat(alice.postForm("/records/" + id, typed).status()).isEqualTo(303);
            left = ProcessHandle.of(Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip()))
                    .orElseThrow();

            stet.destroyForcibly(); // SIGKILL, as the kernel's OOM killer or kill -9 ends it
            assertThat(stet.waitFor(60, TimeUnit.SECONDS)).as("stet ended").isTrue();
            assertThat(left.isAlive()).as("its PostgreSQL outlives it").isTrue();
        } catch (Throwable e) {
            stopForcibly(stet, data);
            throw e;
        }

        try (Database db = Database.embedded(data)) {
            assertThat(db.dsl().fetchValue("select data->>'name' from record where id = " + id)).isEqualTo("Saved before the kill");
            assertThat(left.isAlive()).as("the server left running was stopped").isFalse();
        } finally {
            left.destroy();
            left.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    private static Process start(Path data, Path output) throws IOException {
        ProcessBuilder builder = JavaProcess.of(Main.class, "-Xmx256m")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.remove("DATABASE_URL");
        env.put("STET_PORT", "0");
        env.put("STET_DATA_DIR", data.toString());
        env.put("STET_ADMIN_PASSWORD", "admin-password-for-sigterm");
        env.put("STET_DEMO_PASSWORD", DEMO_PASSWORD);
        env.put("STET_DB_SHARED_BUFFERS_MB", "32");
        // The save waits on the test's lock for as long as the test needs, not the default second.
        env.put("STET_LOCK_TIMEOUT_MS", "60000");
        env.put("STET_SHUTDOWN_TIMEOUT_MS", "60000");
        return builder.start();
    }

    private static int awaitListening(Process stet, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String printed = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Matcher listening = LISTENING.matcher(printed);
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            assertThat(stet.isAlive()).as("stet is starting: %s", printed).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("stet did not start within " + START + ": " + Files.readString(output));
    }

    private static long firstRecord(WebClient alice) {
        Matcher link = Pattern.compile("href=\"/records/(\\d+)\"").matcher(alice.get("/collections/inventory").body());
        assertThat(link.find()).as("the demo collection has a record").isTrue();
        return Long.parseLong(link.group(1));
    }

    /** A connection to the embedded PostgreSQL, with the password stet keeps beside its data. */
    private static Connection connect(Path data) throws IOException, SQLException {
        List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
        String password = Files.readString(data.resolve(Database.PASSWORD_FILE)).strip();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres", "postgres",
                password);
    }

    private static void awaitWaitingOnALock(Connection watcher) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement statement = watcher.createStatement();
                    ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity"
                            + " where application_name = 'stet' and wait_event_type = 'Lock'")) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the save never waited on the test's lock");
    }

    /** After a failure: nothing of this test's left running. */
    private static void stopForcibly(Process stet, Path data) throws IOException {
        stet.destroyForcibly();
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            Optional<ProcessHandle> postgres = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
            postgres.ifPresent(ProcessHandle::destroy);
            postgres.ifPresent(p -> p.onExit().join());
        }
    }
}
