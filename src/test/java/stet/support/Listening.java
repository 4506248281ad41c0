package stet.support;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/** Whether a server still accepts connections on a port. */
public final class Listening {

    private Listening() {}

    /**
     * Waits until the server on {@code port} no longer accepts connections: its shutdown has begun. A connection
     * attempt that races the closing listener may be reset instead of refused (it reached the backlog as the listener
     * closed); both mean the same.
     */
    public static void awaitRefused(int port, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("localhost", port)) {
                Thread.onSpinWait();
            } catch (SocketException refusedOrReset) {
                return;
            }
        }
        throw new AssertionError("the server on port " + port + " still accepts connections after " + within);
    }
}
