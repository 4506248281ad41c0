package stet.history;

import java.time.OffsetDateTime;
import java.util.List;
import stet.record.Revision;

/**
 * One line of the audit log: a change to a record.
 *
 * @param recordId the record
 * @param version the version the change created
 * @param kind what kind of change
 * @param authorName who made it
 * @param createdAt when
 * @param collectionId the record's collection
 * @param collectionSlug its slug
 * @param collectionName its name
 * @param title the record's value of its collection's title field now, or null when it has none
 * @param changedFields the keys of the fields that changed
 * @param comment the author's comment, or null
 */
public record AuditEntry(long recordId, int version, Revision.Kind kind, String authorName, OffsetDateTime createdAt,
        long collectionId, String collectionSlug, String collectionName, String title, List<String> changedFields,
        String comment) {

    /** The keyset cursor of this entry, for the next page: "time~record~version". */
    public String cursor() {
        return createdAt.toInstant() + "~" + recordId + "~" + version;
    }
}
