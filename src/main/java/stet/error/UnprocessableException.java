package stet.error;

import java.util.Map;

/**
 * A well-formed request whose content cannot be used: an unknown field, a value of the
 * wrong JSON type, an invalid value. HTTP 422, with a message per field; nothing is
 * changed. (Forms answer invalid values with the form itself, not with this.)
 */
public final class UnprocessableException extends RuntimeException {

    private final Map<String, String> fields;

    /** @param fields a message per field key (or request member), in the order they are reported */
    public UnprocessableException(String message, Map<String, String> fields) {
        super(message);
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
