package stet.record;

import stet.schema.Validation;

/**
 * What a create came to. Callers answer it through {@link #accept}, one visitor method
 * per case, so a new case does not compile until every caller handles it.
 */
public sealed interface CreateOutcome {

    /** Runs the visitor's method for this case and returns what it returns. */
    <R> R accept(Visitor<R> visitor);

    /** One method per case of a {@link CreateOutcome}. */
    interface Visitor<R> {
        R created(Created created);

        R invalid(Invalid invalid);
    }

    /** Created; {@code replayed} when an earlier request with the same idempotency key had created it. */
    record Created(StoredRecord record, boolean replayed) implements CreateOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.created(this);
        }
    }

    /** Not created: a message per invalid field, with the input as typed. */
    record Invalid(Validation.Result validation) implements CreateOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invalid(this);
        }
    }
}
