package stet.error;

/**
 * A write that does not say which version it started from (the API's {@code If-Match}):
 * HTTP 428. stet never writes without the version its author saw.
 */
public final class PreconditionRequiredException extends RuntimeException {
    public PreconditionRequiredException(String message) {
        super(message);
    }
}
