package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import stet.auth.User;
import stet.auth.VersionTokens;
import stet.db.Database;
import stet.error.BadRequestException;
import stet.error.NotFoundException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.Validation;

/**
 * Creating, saving and deleting records. Every write is checked against the version the
 * author started from (carried in a signed token), is one conditional statement, and
 * writes exactly one revision in the same transaction.
 */
public final class RecordService {

    /** What a save came to. */
    public sealed interface SaveOutcome {
        /** Saved as a new version; {@code changedFields} lists what changed. */
        record Saved(StoredRecord record, List<String> changedFields) implements SaveOutcome {}

        /** Nothing differed from the saved version, so nothing was written. */
        record Unchanged(StoredRecord record) implements SaveOutcome {}

        /** Not saved: a message per invalid field; the input is kept as typed. */
        record Invalid(StoredRecord record, Validation.Result validation) implements SaveOutcome {}

        /**
         * Not saved: someone else saved (or deleted) after {@code baseVersion}.
         * {@code yours} is the user's input as typed, so nothing is lost.
         */
        record Stale(StoredRecord current, int baseVersion, Map<String, String> yours, String comment)
                implements SaveOutcome {}
    }

    /** What a create came to. */
    public sealed interface CreateOutcome {
        /** Created; {@code replayed} when an earlier request with the same idempotency key had created it. */
        record Created(StoredRecord record, boolean replayed) implements CreateOutcome {}

        record Invalid(Validation.Result validation) implements CreateOutcome {}
    }

    /** What a delete came to. */
    public sealed interface DeleteOutcome {
        record Deleted(StoredRecord before) implements DeleteOutcome {}

        /** Not deleted: the record changed (or was deleted) after {@code baseVersion}. */
        record Stale(StoredRecord current, int baseVersion) implements DeleteOutcome {}
    }

    static final String TOKEN_KIND = "record";
    static final int MAX_COMMENT = 500;

    private final Database db;
    private final RecordStore store;
    private final CollectionService collections;
    private final VersionTokens tokens;

    public RecordService(Database db, RecordStore store, CollectionService collections, VersionTokens tokens) {
        this.db = db;
        this.store = store;
        this.collections = collections;
        this.tokens = tokens;
    }

    /** A record, deleted or not; 404 when there is no such record. */
    public StoredRecord get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("There is no record " + id + "."));
    }

    /** A live record; 404 when it does not exist or is deleted. */
    public StoredRecord getLive(long id) {
        StoredRecord record = get(id);
        if (record.deleted()) {
            throw new NotFoundException("Record " + id + " was deleted.");
        }
        return record;
    }

    public Collection collectionOf(StoredRecord record) {
        return collections.find(record.collectionId()).orElseThrow();
    }

    public List<StoredRecord> page(Collection collection, long afterId, int limit) {
        return store.page(collection.id(), afterId, limit);
    }

    public List<Revision> history(long recordId, int beforeVersion, int limit) {
        return store.revisions(recordId, beforeVersion, limit);
    }

    public String versionToken(StoredRecord record, User user) {
        return versionToken(record.id(), record.version(), user);
    }

    /** The token an edit form starting from {@code version} carries. */
    public String versionToken(long recordId, int version, User user) {
        return tokens.issue(TOKEN_KIND, recordId, version, user.id());
    }

    public CreateOutcome create(Collection collection, Map<String, List<String>> form, String idempotencyKey, String comment, User author) {
        Validation.Result validation = Validation.validate(collection, form);
        if (!validation.ok()) {
            return new CreateOutcome.Invalid(validation);
        }
        String key = checkIdempotencyKey(idempotencyKey);
        String note = checkComment(comment);
        Map<String, String> values = validation.values();
        try {
            long id = db.transaction(tx -> {
                if (key != null && !store.claimCreateRequest(tx, author.id(), key)) {
                    throw new DuplicateRequest();
                }
                long recordId = store.insert(tx, collection.id(), values, author.id());
                store.insertRevision(tx, new Revision(recordId, 1, Revision.Kind.CREATE, author.id(), null, null,
                        null, note, List.copyOf(new TreeSet<>(values.keySet())), values));
                for (FieldDef field : collection.fields()) {
                    if (field.unique() && values.containsKey(field.key())) {
                        store.claimUniqueValue(tx, collection.id(), field.key(), values.get(field.key()), recordId);
                    }
                }
                if (key != null) {
                    store.completeCreateRequest(tx, author.id(), key, recordId);
                }
                return recordId;
            });
            return new CreateOutcome.Created(get(id), false);
        } catch (DuplicateRequest e) {
            long existing = store.createdBy(author.id(), key).orElseThrow();
            return new CreateOutcome.Created(get(existing), true);
        } catch (UniqueValueTakenException e) {
            return new CreateOutcome.Invalid(withError(validation, e.fieldKey(), e.getMessage()));
        }
    }

    public SaveOutcome save(long id, int baseVersion, String token, Map<String, List<String>> form, String comment, User author) {
        StoredRecord current = get(id);
        checkToken(id, baseVersion, token, author);
        Collection collection = collectionOf(current);
        Validation.Result validation = Validation.validate(collection, form);
        if (current.deleted() || current.version() != baseVersion) {
            return new SaveOutcome.Stale(current, baseVersion, validation.input(), comment);
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            validation = withError(validation, "comment", "A comment may have at most " + MAX_COMMENT + " characters.");
        }
        if (!validation.ok()) {
            return new SaveOutcome.Invalid(current, validation);
        }
        Map<String, String> data = new HashMap<>(validation.values());
        // Values of fields no longer in the collection stay with the record.
        current.data().forEach((key, value) -> {
            if (collection.field(key).isEmpty()) {
                data.put(key, value);
            }
        });
        List<String> changed = changedKeys(current.data(), data);
        if (changed.isEmpty()) {
            return new SaveOutcome.Unchanged(current);
        }
        String note = checkComment(comment);
        try {
            db.transaction(tx -> {
                int version = store.update(tx, id, baseVersion, data, author.id());
                store.insertRevision(tx, new Revision(id, version, Revision.Kind.UPDATE, author.id(), null, null,
                        baseVersion, note, changed, data));
                List<String> uniqueChanged = collection.fields().stream()
                        .filter(f -> f.unique() && changed.contains(f.key()))
                        .map(FieldDef::key)
                        .toList();
                if (!uniqueChanged.isEmpty()) {
                    store.releaseUniqueValues(tx, id, uniqueChanged);
                    for (String key : uniqueChanged) {
                        if (data.containsKey(key)) {
                            store.claimUniqueValue(tx, collection.id(), key, data.get(key), id);
                        }
                    }
                }
                return version;
            });
        } catch (StaleVersionException e) {
            return new SaveOutcome.Stale(get(id), baseVersion, validation.input(), comment);
        } catch (UniqueValueTakenException e) {
            return new SaveOutcome.Invalid(current, withError(validation, e.fieldKey(), e.getMessage()));
        }
        return new SaveOutcome.Saved(get(id), changed);
    }

    public DeleteOutcome delete(long id, int baseVersion, String token, String comment, User author) {
        StoredRecord current = get(id);
        checkToken(id, baseVersion, token, author);
        if (current.deleted() || current.version() != baseVersion) {
            return new DeleteOutcome.Stale(current, baseVersion);
        }
        String note = checkComment(comment);
        try {
            db.transaction(tx -> {
                int version = store.markDeleted(tx, id, baseVersion, author.id());
                store.insertRevision(tx, new Revision(id, version, Revision.Kind.DELETE, author.id(), null, null,
                        baseVersion, note, List.of(), current.data()));
                store.releaseUniqueValues(tx, id, null);
                return version;
            });
        } catch (StaleVersionException e) {
            return new DeleteOutcome.Stale(get(id), baseVersion);
        }
        return new DeleteOutcome.Deleted(current);
    }

    private void checkToken(long id, int baseVersion, String token, User author) {
        if (!tokens.isValid(TOKEN_KIND, id, baseVersion, author.id(), token)) {
            throw new BadRequestException(
                    "The form's version token is missing or does not match its version; nothing was saved.");
        }
    }

    private static String checkIdempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 100) {
            throw new BadRequestException("The idempotency_key may have at most 100 characters.");
        }
        return key;
    }

    private static String checkComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > MAX_COMMENT) {
            throw new BadRequestException("A comment may have at most " + MAX_COMMENT + " characters.");
        }
        return comment.strip();
    }

    /** Keys whose value differs between two versions, sorted. */
    static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
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

    private static Validation.Result withError(Validation.Result validation, String key, String message) {
        Map<String, String> errors = new LinkedHashMap<>(validation.errors());
        errors.put(key, message);
        return new Validation.Result(validation.input(), validation.values(), errors);
    }

    /** Another request with the same idempotency key created the record. */
    private static final class DuplicateRequest extends RuntimeException {
        DuplicateRequest() {
            super(null, null, false, false);
        }
    }
}
