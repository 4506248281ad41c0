package stet.imports;

import java.util.Locale;

/**
 * What applying a row did: created a record, updated one (its version was the row's base),
 * merged the row with a record saved meanwhile, found nothing to change, or left the
 * record untouched because the row conflicts, is invalid, or was skipped.
 */
public enum RowResult {
    CREATED, UPDATED, MERGED, UNCHANGED, CONFLICT, INVALID, SKIPPED;

    /** Whether the row ended up in its record (written, or already there). */
    public boolean taken() {
        return switch (this) {
            case CREATED, UPDATED, MERGED, UNCHANGED -> true;
            case CONFLICT, INVALID, SKIPPED -> false;
        };
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RowResult fromDb(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
