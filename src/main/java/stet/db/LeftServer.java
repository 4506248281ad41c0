package stet.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL left running by a stet that was killed outright (SIGKILL, the
 * kernel's out-of-memory killer): the server is a process of its own and outlives the JVM,
 * holding the data folder, so the next start would wait for it and fail. It is stopped
 * before the next start, and only when it is that: a {@code postgres} process whose
 * {@code postmaster.pid} names this folder, while no stet holds the folder's lock.
 */
final class LeftServer {

    private static final Logger LOG = LoggerFactory.getLogger(LeftServer.class);
    /** The lock file the embedded library holds in the folder while a server of it runs. */
    static final String LOCK_FILE = "epg-lock";
    private static final long STOP_SECONDS = 30;

    private LeftServer() {}

    /** Stops the server left running in {@code dataDir}, if there is one and no stet holds the folder. */
    static void stopIfLeft(Path dataDir) throws IOException {
        Optional<ProcessHandle> left = serverOf(dataDir);
        if (left.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return; // a running stet holds it: the start reports the folder in use
            }
            ProcessHandle server = left.get();
            LOG.warn("The embedded PostgreSQL (process {}) of a stet that ended without stopping it still runs in {};"
                    + " stopping it first.", server.pid(), dataDir.toAbsolutePath());
            stop(server, dataDir);
        }
    }

    /** The live {@code postgres} process that {@code dataDir}'s {@code postmaster.pid} names for this folder. */
    private static Optional<ProcessHandle> serverOf(Path dataDir) throws IOException {
        Optional<PostmasterPid> named = PostmasterPid.in(dataDir);
        if (named.isEmpty() || !samePath(named.get().dataDir(), dataDir)) {
            return Optional.empty();
        }
        return named.get().process()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                        .orElse(false));
    }

    private static boolean samePath(Path recorded, Path dataDir) throws IOException {
        return Files.exists(recorded) && Files.isSameFile(recorded, dataDir);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM runs a server in the folder
        }
    }

    /** A fast shutdown through the server's own pg_ctl, else a signal; then waits for the process to end. */
    private static void stop(ProcessHandle server, Path dataDir) throws IOException {
        Optional<Path> pgCtl = server.info().command().map(c -> Path.of(c).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isPresent()) {
            Process stopping = new ProcessBuilder(pgCtl.get().toString(), "stop", "-D", dataDir.toAbsolutePath().toString(),
                    "-m", "fast", "-w", "-t", String.valueOf(STOP_SECONDS))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                stopping.waitFor(STOP_SECONDS + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server.isAlive()) {
            server.destroy();
        }
        try {
            server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IOException("could not stop the PostgreSQL server left running (process " + server.pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
