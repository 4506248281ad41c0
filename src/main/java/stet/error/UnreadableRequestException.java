package stet.error;

/**
 * The request cannot be read as stet reads requests: its body is too large, cut off or
 * malformed, or is in a character set stet does not know. The web layer maps each
 * {@link Reason} to its status code; nothing is changed.
 */
public final class UnreadableRequestException extends RuntimeException {

    /** Why the request was refused; each has its own status code. */
    public enum Reason {
        /** The URL or the body is malformed (HTTP 400). */
        MALFORMED,
        /** A multipart body came without a Content-Length (HTTP 411). */
        LENGTH_REQUIRED,
        /** The body is larger than stet accepts (HTTP 413). */
        TOO_LARGE,
        /** The body's character set is unknown (HTTP 415). */
        UNSUPPORTED_CHARSET,
        /** The body is not of a media type the route reads, say not JSON on a JSON route (HTTP 415). */
        UNSUPPORTED_MEDIA_TYPE
    }

    private final Reason reason;

    public UnreadableRequestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
