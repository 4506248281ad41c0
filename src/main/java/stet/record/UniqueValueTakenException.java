package stet.record;

/** A value of a unique field is already held by another live record of the collection. */
public final class UniqueValueTakenException extends RuntimeException {

    private final String fieldKey;

    public UniqueValueTakenException(String fieldKey, String value) {
        super("'" + value + "' is already taken.", null, false, false);
        this.fieldKey = fieldKey;
    }

    public String fieldKey() {
        return fieldKey;
    }
}
