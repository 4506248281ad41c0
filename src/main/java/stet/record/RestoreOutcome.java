package stet.record;

import stet.schema.Validation;

/**
 * What restoring a deleted record came to. Callers answer it through {@link #accept},
 * one visitor method per case, so a new case does not compile until every caller
 * handles it.
 */
public sealed interface RestoreOutcome {

    /** Runs the visitor's method for this case and returns what it returns. */
    <R> R accept(Visitor<R> visitor);

    /** One method per case of a {@link RestoreOutcome}. */
    interface Visitor<R> {
        R restored(Restored restored);

        R invalid(Invalid invalid);

        R stale(Stale stale);
    }

    /** Restored; {@code record} is the version the restore wrote. */
    record Restored(StoredRecord record) implements RestoreOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.restored(this);
        }
    }

    /** Not restored: a message per invalid field; {@code record} is the deleted record. */
    record Invalid(StoredRecord record, Validation.Result validation) implements RestoreOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invalid(this);
        }
    }

    /** Not restored: it was restored or changed after {@code baseVersion}. */
    record Stale(StoredRecord current, int baseVersion) implements RestoreOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stale(this);
        }
    }
}
