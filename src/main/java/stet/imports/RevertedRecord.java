package stet.imports;

/**
 * What reverting an import did with one record the import wrote, kept (in the transaction
 * of the batch that did it) until the whole import is reverted: a revert run again after it
 * stopped part-way passes over the records kept, and reports them with its own.
 *
 * @param revision the record and the version the import wrote
 * @param outcome what was done
 * @param currentVersion for {@link Outcome#CHANGED_SINCE}, the version the record was at; else null
 * @param deleted for {@link Outcome#CHANGED_SINCE}, whether the record was deleted
 * @param message for {@link Outcome#REFUSED}, why; else null
 */
record RevertedRecord(ImportRevision revision, Outcome outcome, Integer currentVersion, boolean deleted,
        String message) {

    /** What was done with the record. */
    enum Outcome {
        /** Back at its values from before the import. */
        REVERTED,
        /** Created by the import, now deleted. */
        DELETED,
        /** Changed after the import: left as it is. */
        CHANGED_SINCE,
        /** Not reverted for another reason ({@code message}). */
        REFUSED;

        String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome fromDb(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static RevertedRecord reverted(ImportRevision revision) {
        return new RevertedRecord(revision, Outcome.REVERTED, null, false, null);
    }

    static RevertedRecord deleted(ImportRevision revision) {
        return new RevertedRecord(revision, Outcome.DELETED, null, false, null);
    }

    static RevertedRecord changedSince(ImportRevision revision, int currentVersion, boolean deleted) {
        return new RevertedRecord(revision, Outcome.CHANGED_SINCE, currentVersion, deleted, null);
    }

    static RevertedRecord refused(ImportRevision revision, String message) {
        return new RevertedRecord(revision, Outcome.REFUSED, null, false, message);
    }
}
