package stet.record;

import java.util.Map;
import stet.schema.Collection;
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

        R keyUsedElsewhere(KeyUsedElsewhere used);
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

    /**
     * Not created: the idempotency key already created {@code record}, in another collection
     * ({@code collection}, the record's own). A key names one create; replaying it here would
     * answer with a record of another collection as if it were of this one. {@code input} is
     * what was sent, per field key, as typed.
     */
    record KeyUsedElsewhere(StoredRecord record, Collection collection, Map<String, String> input) implements CreateOutcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.keyUsedElsewhere(this);
        }
    }
}
