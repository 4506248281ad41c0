package stet.record;

import stet.schema.Collection;

/**
 * What a delete came to. Callers answer it through {@link #accept}, one visitor method
 * per case, so a new case does not compile until every caller handles it.
 */
public sealed interface DeleteOutcome {

    /** Runs the visitor's method for this case and returns what it returns. */
    <R> R accept(Visitor<R> visitor);

    /** One method per case of a {@link DeleteOutcome}. */
    interface Visitor<R> {
        R deleted(Deleted deleted);

        R repeated(Repeated repeated);

        R stale(Stale stale);
    }

    /**
     * Deleted; {@code before} is the record as it was, {@code deletedVersion} the version the
     * delete wrote (the one an undo must find still current), {@code collection} the one it belongs to.
     */
    record Deleted(StoredRecord before, int deletedVersion, Collection collection) implements DeleteOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deleted(this);
        }
    }

    /**
     * This same delete was done already: the record is deleted, and its latest change is
     * the delete by the same user of the same version with the same comment (a double
     * click, a form sent again after its answer was lost). Nothing was written now;
     * {@code current} is the deleted record, {@code deletedVersion} the version that delete wrote.
     */
    record Repeated(StoredRecord current, int deletedVersion, Collection collection) implements DeleteOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.repeated(this);
        }
    }

    /**
     * Not deleted: the record changed (or was deleted, by someone else or by another delete)
     * after {@code baseVersion}.
     */
    record Stale(StoredRecord current, int baseVersion) implements DeleteOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stale(this);
        }
    }
}
