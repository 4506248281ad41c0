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

    /** Not deleted: the record changed (or was deleted) after {@code baseVersion}. */
    record Stale(StoredRecord current, int baseVersion) implements DeleteOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.stale(this);
        }
    }
}
