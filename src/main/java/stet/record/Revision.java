package stet.record;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import stet.auth.User;

/**
 * One entry of a record's append-only history.
 *
 * @param recordId the record
 * @param version the version this change created
 * @param kind what kind of change it was
 * @param authorId who made it (null for the system)
 * @param authorName their display name, or null
 * @param createdAt when
 * @param baseVersion the version its author started from (null for a create)
 * @param mergedVersion for a merge, the saved version the author's change was merged with
 * @param comment the author's comment, or null
 * @param changedFields the keys of the fields whose value changed
 * @param data the record's values after the change; null where only the list of
 *     changes was read (see {@link RecordStore#revisions})
 * @param requestKey the idempotency key of the request that wrote it, or null (kept only as
 *     written: it is never read back into a revision, see {@link RecordStore#savedWith})
 */
public record Revision(
        long recordId,
        int version,
        Kind kind,
        Long authorId,
        String authorName,
        OffsetDateTime createdAt,
        Integer baseVersion,
        Integer mergedVersion,
        String comment,
        List<String> changedFields,
        Map<String, String> data,
        String requestKey) {

    /** A revision written without an idempotency key, or read back from the history. */
    public Revision(long recordId, int version, Kind kind, Long authorId, String authorName, OffsetDateTime createdAt,
            Integer baseVersion, Integer mergedVersion, String comment, List<String> changedFields,
            Map<String, String> data) {
        this(recordId, version, kind, authorId, authorName, createdAt, baseVersion, mergedVersion, comment, changedFields,
                data, null);
    }

    /** This revision, written by the request of idempotency key {@code key} (null: none). */
    Revision withRequestKey(String key) {
        return new Revision(recordId, version, kind, authorId, authorName, createdAt, baseVersion, mergedVersion, comment,
                changedFields, data, key);
    }

    /**
     * A change about to be written from {@code current}; its version is filled in by
     * {@link RecordWriter}, from the conditional UPDATE.
     */
    static Revision pending(StoredRecord current, Kind kind, User author, Integer baseVersion, Integer mergedVersion,
            String note, List<String> changedFields, Map<String, String> data) {
        return new Revision(current.id(), 0, kind, author.id(), null, null, baseVersion, mergedVersion, note,
                changedFields, data);
    }

    /** Keys whose value differs between two versions, sorted: a revision's {@code changedFields}. */
    public static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    /** The kinds of change, as stored in {@code revision.kind}. */
    public enum Kind {
        CREATE, UPDATE, MERGE, DELETE, RESTORE, REVERT, UNDO, IMPORT;

        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** How the history names it: "edited", "merged", … */
        public String label() {
            return switch (this) {
                case CREATE -> "created";
                case UPDATE -> "edited";
                case MERGE -> "merged";
                case DELETE -> "deleted";
                case RESTORE -> "restored";
                case REVERT -> "reverted";
                case UNDO -> "undone";
                case IMPORT -> "imported";
            };
        }

        public static Kind fromDb(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
