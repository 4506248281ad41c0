package stet.error;

/** Too many failed attempts from one client (bad bearer tokens): HTTP 429 with {@code Retry-After}. */
public final class TooManyRequestsException extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the client may try again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
