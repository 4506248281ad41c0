package stet.error;

/** The thing asked for does not exist (or is not visible): HTTP 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
