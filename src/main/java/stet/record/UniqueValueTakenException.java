package stet.record;

/** A value of a unique field is already held by another live record of the collection. */
public final class UniqueValueTakenException extends RuntimeException {

    private final String fieldKey;

    public UniqueValueTakenException(String fieldKey, String value) {
        super(message(value), null, false, false);
        this.fieldKey = fieldKey;
    }

    /** What a value another record holds is told (an import's preview tells it too, before any claim). */
    public static String message(String value) {
        return "'" + value + "' is already taken.";
    }

    public String fieldKey() {
        return fieldKey;
    }
}
