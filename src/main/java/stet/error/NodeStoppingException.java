package stet.error;

/**
 * A request that arrived while this node stops (on a connection opened before): it is not
 * started, so nothing was changed. The web answers 503 with {@code Retry-After} and keeps
 * what the user submitted, to send again to a node that runs.
 */
public final class NodeStoppingException extends RuntimeException {

    /** Whole seconds a client should wait before trying again: a load balancer has another node ready. */
    public static final int RETRY_AFTER_SECONDS = 1;

    public NodeStoppingException() {
        super("This server is stopping (a restart or an upgrade), so nothing was changed. Try again in a moment.");
    }
}
