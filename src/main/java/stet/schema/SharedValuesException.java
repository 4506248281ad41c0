package stet.schema;

/**
 * Live records share a value of a field being made unique, so uniqueness cannot be
 * enforced: raised by {@link CollectionStore} when the unique values cannot all be
 * recorded (say, a duplicate saved between the check and the update). Nothing was written.
 */
final class SharedValuesException extends RuntimeException {

    SharedValuesException(String fieldKey, Throwable cause) {
        super("live records share a value of '" + fieldKey + "'", cause, false, false);
    }
}
