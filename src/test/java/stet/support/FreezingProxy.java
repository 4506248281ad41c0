package stet.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import stet.db.DatabaseUrl;

/**
 * A TCP proxy in front of a PostgreSQL server that can freeze: stop forwarding bytes
 * either way while keeping every connection open, as a server stopped with SIGSTOP, a
 * paused VM or a network partition does (nothing is refused, nothing answers), and thaw.
 * Connections made while frozen are accepted and wait too. Point stet at {@link #url()}.
 */
public final class FreezingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final DatabaseUrl url;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    /** Guarded by {@link #gate}. */
    private boolean frozen;

    private FreezingProxy(DatabaseUrl target) throws IOException {
        // jdbc:postgresql://host:port/database?parameters
        URI uri = URI.create(target.jdbcUrl().substring("jdbc:".length()));
        targetHost = uri.getHost();
        targetPort = uri.getPort();
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String proxied = target.jdbcUrl().replaceFirst("//[^/]+/", "//localhost:" + listener.getLocalPort() + "/");
        url = new DatabaseUrl(proxied, target.user(), target.password());
        daemon("freezing-proxy-accept", this::accept);
    }

    /** A proxy in front of the server {@code target} names, forwarding until frozen. */
    public static FreezingProxy inFrontOf(DatabaseUrl target) {
        try {
            return new FreezingProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same database as the target, reached through this proxy. */
    public DatabaseUrl url() {
        return url;
    }

    /** Stops forwarding: what is sent waits in the proxy, and nothing comes back. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Forwards again, what waited first. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /**
     * What {@code work} answers, which must come within {@code limit}. Else this thaws, so that
     * work waiting on a frozen connection ends instead of hanging the test, and fails.
     */
    public <T> T answerWithin(Duration limit, Supplier<T> work) throws InterruptedException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        daemon("freezing-proxy-work", () -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thaw();
            throw new AssertionError("no answer within " + limit.toMillis() + " ms while the database was frozen");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                daemon("freezing-proxy-up", () -> forward(client, server));
                daemon("freezing-proxy-down", () -> forward(server, client));
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection closed.
            }
        }
    }

    /** Copies {@code from} to {@code to} until either side closes, then closes both. */
    private void forward(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitThawed();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: so does the other, as the finally of the try closes both.
        } finally {
            open.remove(from);
            open.remove(to);
        }
    }

    private void awaitThawed() throws InterruptedException {
        synchronized (gate) {
            while (frozen) {
                gate.wait();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        thaw();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
