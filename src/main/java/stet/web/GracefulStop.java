package stet.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import stet.error.NodeStoppingException;

/**
 * Stops the HTTP server without cutting off what it is doing: new connections are refused,
 * the requests in flight finish (up to the shutdown limit), however slowly their clients
 * send their bodies, and a request that arrives meanwhile on a connection opened before is
 * answered by stet itself (503, its input kept, with its request id and log line).
 *
 * <p>Jetty's own graceful stop does neither: its {@code GracefulHandler} answers such a
 * request with Jetty's bare 503 page before stet sees it, and its connectors give every
 * open connection one second without progress, so a body that stalls for a second is cut
 * off with a 408. Here Jetty only counts and marks requests; stet answers them.
 */
public final class GracefulStop {

    private static final String ARRIVED_WHILE_STOPPING = "stet.arrivedWhileStopping";
    /** How long the threads of requests given up at the limit get to end before they are interrupted. */
    private static final long GIVE_UP_MILLIS = 1000;

    private final Duration limit;
    /** What {@link #stop} waits on: notified when the last request in flight leaves while stopping. */
    private final Object lock = new Object();
    /** Requests handed to stet and not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Server jetty;

    /** @param limit how long a stop waits for the requests in flight ({@code STET_SHUTDOWN_TIMEOUT_MS}) */
    public GracefulStop(Duration limit) {
        this.limit = limit;
    }

    /** Wraps {@code jetty}'s handler, to count the requests in flight and mark those that arrive while it stops. */
    public void install(Server jetty) {
        this.jetty = jetty;
        // Jetty's own graceful stop waits for every open connection too, idle ones included: stop() waits here.
        jetty.setStopTimeout(0);
        Counting counting = new Counting();
        // Javalin puts its own handler inside the innermost wrapper it finds here.
        counting.setHandler(jetty.getHandler());
        jetty.setHandler(counting);
    }

    /** A {@code before} handler: a request that arrived while the server stops is not started. */
    public static void refuseArrivalsWhileStopping(Context ctx) {
        if (ctx.req().getAttribute(ARRIVED_WHILE_STOPPING) != null) {
            throw new NodeStoppingException();
        }
    }

    /**
     * Closes the listening socket and waits, up to the limit, for the requests in flight; the
     * server itself is stopped after this. Returns false when some were still running at the limit.
     */
    public boolean stop() throws InterruptedException {
        stopping = true;
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof AbstractConnector open) {
                // Jetty's default is a second: a client still sending its body gets as long as its request may take.
                open.setShutdownIdleTimeout(limit.toMillis());
            }
            // Closes the listening socket; its future waits for every connection, idle ones too, so it is not awaited.
            connector.shutdown();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            for (long left = limit.toNanos(); inFlight.get() > 0 && left > 0; left = deadline - System.nanoTime()) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
            if (inFlight.get() == 0) {
                return true;
            }
        }
        if (jetty.getThreadPool() instanceof QueuedThreadPool threads) {
            threads.setStopTimeout(GIVE_UP_MILLIS);
        }
        return false;
    }

    /**
     * Counts a request out; the last one to leave while stopping wakes {@link #stop}. No lock is
     * taken otherwise: {@code stopping} is read after the count falls, and {@link #stop} sets it
     * before it reads the count, so either this sees the stop or the stop sees the count at zero.
     */
    private void left() {
        if (inFlight.decrementAndGet() == 0 && stopping) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** Counts each request from its arrival to its answer, and marks those that arrive while stopping. */
    private final class Counting extends Handler.Wrapper {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            // Counted before the flag is read: a stop that begins after this point waits for the request.
            inFlight.incrementAndGet();
            Counted counted = new Counted(callback);
            if (stopping) {
                request.setAttribute(ARRIVED_WHILE_STOPPING, Boolean.TRUE);
            }
            try {
                boolean handled = super.handle(request, response, counted);
                if (!handled) {
                    counted.completed();
                }
                return handled;
            } catch (Exception | Error e) {
                counted.completed();
                throw e;
            }
        }
    }

    /** A request's callback that counts it as left once it is answered (or fails), once. */
    private final class Counted extends Callback.Nested {

        private final AtomicBoolean done = new AtomicBoolean();

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void completed() {
            if (done.compareAndSet(false, true)) {
                left();
            }
        }
    }
}
