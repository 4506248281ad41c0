package stet.error;

/**
 * The request itself is malformed: a missing or forged version token, an unparsable
 * parameter. HTTP 400. Invalid field values are not this: they re-render the form.
 */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
