package stet.imports;

/** Where an import is: its rows being read and classified, ready to apply, being applied, done, or failed. */
public enum ImportState {
    PREVIEWING, READY, APPLYING, DONE, FAILED;

    public String dbName() {
        return name().toLowerCase();
    }

    public static ImportState fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
