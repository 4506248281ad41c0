package stet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import stet.db.Database;
import stet.support.JavaProcess;
import stet.support.TestApp;
import stet.support.TestPostgres;

/** A start that fails says why in words, and stops again whatever it had started. */
@ExtendWith(TestPostgres.class)
class StartFailureIT {

    @Test
    void a_port_in_use_fails_the_start_with_a_message_naming_it_and_leaves_no_thread_of_stet_running(Database db)
            throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Config config = new Config(port, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD),
                    true, TestApp.DEMO_PASSWORD);
            Set<Thread> before = threads();

            assertThatThrownBy(() -> App.start(config, db)).isInstanceOf(StartFailure.class)
                    .hasMessage("Port " + port + " is in use by another process. Stop that process, or set STET_PORT to"
                            + " another port (0 picks a free one).");

            awaitNoneStartedSince(before);
        }
        // The database was the caller's: still open, and stet starts on it once the port is free.
        try (App app = TestApp.start(db)) {
            assertThat(app.port()).isPositive();
        }
    }

    @Test
    void a_database_that_refuses_connections_fails_the_start_with_where_and_why_but_no_password() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Config config = new Config(0, Optional.of("postgres://stet:secret-password@localhost:" + port + "/stet?sslmode=disable"),
                Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), false, TestApp.DEMO_PASSWORD);

        assertThatThrownBy(() -> App.start(config)).isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("Cannot connect to the database at jdbc:postgresql://localhost:" + port + "/stet: "
                        + "Connection to localhost:" + port + " refused")
                .message().doesNotContain("secret-password");
    }

    @Test
    void a_data_folder_that_is_a_file_fails_the_start_saying_so(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a folder");

        assertThatThrownBy(() -> App.start(embeddedIn(file))).isInstanceOf(StartFailure.class)
                .hasMessage("Cannot start the embedded PostgreSQL in " + file + ": " + file + " is a file, not a folder. Set"
                        + " STET_DATA_DIR to a folder stet may create and write.");
    }

    @Test
    void a_data_folder_another_stet_is_using_fails_the_start_saying_so_and_leaves_the_other_running(@TempDir Path dir) {
        Path data = dir.resolve("data");
        try (Database running = Database.embedded(data)) {
            assertThatThrownBy(() -> App.start(embeddedIn(data))).isInstanceOf(StartFailure.class)
                    .hasMessage("The data folder " + data + " is in use by another stet (its embedded PostgreSQL holds it)."
                            + " Stop that one, or set STET_DATA_DIR to another folder.");
            assertThat(running.dsl().fetchValue("select 1")).isEqualTo(1);
        }
    }

    @Test
    void a_data_folder_holding_other_files_and_no_database_fails_the_start_saying_so(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("documents"));
        Files.writeString(data.resolve("notes.txt"), "someone's notes");

        assertThatThrownBy(() -> App.start(embeddedIn(data))).isInstanceOf(StartFailure.class)
                .hasMessage("The data folder " + data + " holds other files and no PostgreSQL data. Set STET_DATA_DIR to a"
                        + " new or empty folder, or to the folder stet keeps its data in.");
        assertThat(data).isDirectoryContaining("glob:**/notes.txt");
        try (var listed = Files.list(data)) {
            assertThat(listed).as("nothing written beside them").hasSize(1);
        }
    }

    @Test
    void a_data_folder_another_process_holds_fails_the_start_saying_so(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Database.embedded(data).close();
        Process holder = JavaProcess.of(FolderLock.class, "-Xmx32m").redirectErrorStream(true).start();
        try (var toHolder = holder.getOutputStream()) {
            toHolder.write((data.resolve(FolderLock.FILE) + "\n").getBytes(StandardCharsets.UTF_8));
            toHolder.flush();
            assertThat(new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("locked");

            assertThatThrownBy(() -> App.start(embeddedIn(data))).isInstanceOf(StartFailure.class)
                    .hasMessageStartingWith("The data folder " + data + " is in use by another stet");
        }
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the holder ended with its input").isTrue();
    }

    /** Holds the lock an embedded PostgreSQL takes on its folder, as a running stet does, until its input ends. */
    public static final class FolderLock {
        /** The file the embedded PostgreSQL's library locks in its data folder. */
        static final String FILE = "epg-lock";

        public static void main(String[] args) throws Exception {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    StandardCharsets.UTF_8));
            try (var file = new java.io.RandomAccessFile(in.readLine(), "rw"); var lock = file.getChannel().lock()) {
                System.out.print("locked");
                System.out.flush();
                while (in.read() >= 0) {
                    // held until the test closes our input
                }
            }
        }
    }

    private static Config embeddedIn(Path data) {
        return new Config(0, Optional.empty(), data, Optional.of(TestApp.ADMIN_PASSWORD), false, TestApp.DEMO_PASSWORD);
    }

    @Test
    void main_prints_the_reason_alone_and_exits_with_1() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = JavaProcess.of(Main.class, "-Xmx128m").redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", "postgres://stet:secret-password@localhost:" + port + "/stet");
        builder.environment().put("STET_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
        Process stet = builder.start();
        String printed = new String(stet.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(stet.waitFor(60, TimeUnit.SECONDS)).as("stet ended").isTrue();
        assertThat(stet.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed.strip()).as("one line, no stack trace")
                .startsWith("stet: Cannot connect to the database at jdbc:postgresql://localhost:" + port + "/stet: ")
                .doesNotContain("\n").doesNotContain("secret-password");
    }

    /** Live threads of stet's and of its web server's (the listener, dispatch, workers, Jetty's pool). */
    private static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("stet-") || t.getName().startsWith("JettyServerThreadPool"))
                .collect(Collectors.toSet());
    }

    private static void awaitNoneStartedSince(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> left;
        do {
            left = threads().stream().filter(t -> !before.contains(t)).map(Thread::getName).collect(Collectors.toSet());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads the failed start left running: " + left);
    }
}
