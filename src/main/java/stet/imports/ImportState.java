package stet.imports;

import java.util.Locale;

/** Where an import is: its rows being read and classified, ready to apply, being applied, done, or failed. */
public enum ImportState {
    PREVIEWING, READY, APPLYING, DONE, FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
