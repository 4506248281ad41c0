package stet.imports;

import java.util.Locale;
import java.util.Optional;

/** Rows an apply leaves out: those whose merge conflicts, and the invalid ones. */
public enum Skip {
    CONFLICT, INVALID;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The skip named {@code value} ("conflict", "invalid"), if it is one. */
    public static Optional<Skip> named(String value) {
        for (Skip skip : values()) {
            if (skip.dbName().equals(value)) {
                return Optional.of(skip);
            }
        }
        return Optional.empty();
    }
}
