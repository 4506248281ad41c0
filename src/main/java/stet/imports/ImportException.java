package stet.imports;

/**
 * An upload or an action on an import was refused; nothing was changed. The web layer
 * maps each {@link Reason} to its status (see {@code stet.web.ErrorPages}).
 */
public final class ImportException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** The file is not a CSV file stet can read (no header, not UTF-8, broken quoting): 400. */
        MALFORMED,
        /** The header names columns the collection has no field for: 422. */
        UNKNOWN_COLUMNS,
        /** The match field is not a unique field of the collection: 422. */
        BAD_MATCH_FIELD,
        /** The file is larger than the configured limit: 413. */
        TOO_LARGE,
        /** The file has more rows than the configured limit: 413. */
        TOO_MANY_ROWS,
        /** The import is not in a state that allows this (apply twice, revert before done): 409. */
        WRONG_STATE,
        /** The upload is not sent as {@code text/csv}: 415. */
        NOT_CSV
    }

    private final Reason reason;

    public ImportException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
