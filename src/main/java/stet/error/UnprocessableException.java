package stet.error;

import java.util.Map;

/**
 * A well-formed request whose content cannot be used: an unknown field, a value of the
 * wrong JSON type, an invalid value, or a value the database refused as over one of its
 * limits. HTTP 422, with a message per field; nothing is changed. (Forms answer invalid
 * values with the form itself, not with this; a form meets it only for a value over a
 * limit of the database, and its error page keeps the submission.)
 */
public final class UnprocessableException extends RuntimeException {

    private final Map<String, String> fields;

    /** @param fields a message per field key (or request member), in the order they are reported */
    public UnprocessableException(String message, Map<String, String> fields) {
        this(message, fields, null);
    }

    /** @param cause what the database answered, when it refused the content (a value over one of its limits) */
    public UnprocessableException(String message, Map<String, String> fields, Throwable cause) {
        super(message, cause);
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
