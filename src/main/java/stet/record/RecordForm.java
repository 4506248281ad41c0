package stet.record;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import stet.lease.Lease;
import stet.schema.Collection;

/**
 * The record form's model, for a new record and for an edit: its texts and links prepared
 * here, so that the template reads variables rather than calling methods through OGNL.
 */
final class RecordForm {

    private RecordForm() {}

    /** What both forms print: whether it edits a record, the collection's name and link. */
    private static Map<String, Object> common(Collection collection, boolean editing) {
        Map<String, Object> model = new HashMap<>();
        model.put("editing", editing);
        model.put("collectionName", collection.name());
        model.put("collectionHref", "/collections/" + collection.slug());
        return model;
    }

    /** The form for a new record of {@code collection}. */
    static Map<String, Object> create(Collection collection, FormInput input, String idempotencyKey) {
        Map<String, Object> model = common(collection, false);
        model.put("formTitle", "New record · " + collection.name() + " · stet");
        model.put("formHeading", "New record in " + collection.name());
        FieldInputs.putForm(model, collection, input);
        model.put("idempotencyKey", idempotencyKey);
        model.put("action", "/collections/" + collection.slug() + "/new");
        return model;
    }

    /**
     * The edit form of {@code record} at {@code version}: {@code other} is someone else's lease
     * (or null), {@code mine} the lease this page holds (or null), {@code readOnly} when the
     * form may not be saved while {@code other} holds the record.
     */
    static Map<String, Object> edit(Collection collection, StoredRecord record, int version, Integer mergeBase,
            FormInput input, String versionToken, Lease other, Lease mine, boolean readOnly) {
        Map<String, Object> model = common(collection, true);
        String heading = collection.titleOf(record.id(), record.data());
        model.put("formTitle", "Edit " + heading + " · stet");
        model.put("formHeading", "Edit " + heading);
        model.put("recordId", Long.toString(record.id()));
        model.put("leaseOther", other);
        model.put("leaseExpires", mine == null ? null : mine.expiresAt().toString());
        model.put("exclusive", collection.leasing().exclusive());
        model.put("leaseRenewMillis", collection.leasing().renewalMillis());
        model.put("readOnly", readOnly);
        FieldInputs.putForm(model, collection, input);
        model.put("version", version);
        model.put("versionToken", versionToken);
        model.put("mergeBase", mergeBase);
        model.put("idempotencyKey", UUID.randomUUID().toString());
        model.put("action", "/records/" + record.id());
        return model;
    }
}
