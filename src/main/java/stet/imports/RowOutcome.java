package stet.imports;

import java.util.Locale;

/**
 * What the preview found a row would do: create a record, change one (with a field-level
 * difference), leave one as it is, nothing because it is invalid, or merge with a record
 * that changed after the row's {@code _version} (stale: clean or conflicting).
 */
public enum RowOutcome {
    NEW, CHANGED, UNCHANGED, INVALID, STALE;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RowOutcome fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
