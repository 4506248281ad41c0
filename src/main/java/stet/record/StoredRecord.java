package stet.record;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import stet.auth.User;
import stet.schema.Collection;

/**
 * A record as saved now.
 *
 * @param id its id
 * @param collectionId the collection it belongs to
 * @param data canonical values by field key; an absent key is an empty value
 * @param version its version: the number of changes it has had
 * @param deleted whether it is deleted (its history is kept)
 * @param updatedAt when the current version was written
 * @param updatedBy who wrote the current version (display name), or null
 * @param updatedById their user id, or null
 * @param definitionVersion the version of its collection's definition, read in the same
 *     query as the record (so a node's cached definition can be checked against it
 *     without another query); 0 when the record was not read with it
 */
public record StoredRecord(
        long id,
        long collectionId,
        Map<String, String> data,
        int version,
        boolean deleted,
        OffsetDateTime updatedAt,
        String updatedBy,
        Long updatedById,
        int definitionVersion) {

    public StoredRecord {
        data = Map.copyOf(data);
    }

    /** A record not read together with its collection's definition version. */
    public StoredRecord(long id, long collectionId, Map<String, String> data, int version, boolean deleted,
            OffsetDateTime updatedAt, String updatedBy, Long updatedById) {
        this(id, collectionId, data, version, deleted, updatedAt, updatedBy, updatedById, 0);
    }

    /** This record as {@code revision} of it left it: that version's values, author and time. */
    StoredRecord at(Revision revision) {
        return new StoredRecord(id, collectionId, revision.data(), revision.version(), false, revision.createdAt(),
                revision.authorName(), revision.authorId());
    }

    /** Whether {@code user} wrote the current version (say, in another tab, or the delete it now is). */
    public boolean isBy(User user) {
        return updatedById != null && updatedById == user.id();
    }

    public String value(String key) {
        return data.getOrDefault(key, "");
    }

    /** {@code values}, with this record's values of fields no longer in the collection: those stay with the record. */
    public Map<String, String> withUndefinedFields(Collection collection, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        data.forEach((key, value) -> {
            if (collection.field(key).isEmpty()) {
                all.putIfAbsent(key, value);
            }
        });
        return all;
    }
}
