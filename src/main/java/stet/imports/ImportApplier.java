package stet.imports;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import stet.auth.User;
import stet.merge.FieldMerge;
import stet.merge.RecordMergeResult;
import stet.lease.Lease;
import stet.lease.RecordHeldException;
import stet.record.MergeFields;
import stet.record.RecordBatch;
import stet.record.RecordService;
import stet.record.RequestKey;
import stet.record.Revision;
import stet.record.StaleVersionException;
import stet.record.StoredRecord;
import stet.record.UniqueValueTakenException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.Validation;

/**
 * Applies one batch of an import's rows in one transaction: claims the next rows nobody
 * holds ({@code FOR UPDATE SKIP LOCKED}), writes each through {@link RecordBatch} as a
 * version-checked save, and sets the rows' applied flag in the same transaction, so that
 * a row is applied exactly once whichever node's worker gets it, and a worker that dies
 * mid-batch leaves the whole batch to another.
 *
 * <p>Each row is decided again against the record as it is now, with the collection's
 * definition as it is now: a record still at the row's base version is updated; one
 * saved since is merged three-way with the row (the base revision as the original) and a
 * clean merge is written, a conflict reported and the record left untouched. A row that
 * gives a field removed since the preview a value the record does not hold is a conflict
 * too, nothing of it written: its value would be lost unseen.
 */
final class ImportApplier {

    /** Rows per batch (one transaction). */
    static final int DEFAULT_BATCH = 500;

    private final RecordService records;
    private final CollectionService collections;
    private final ImportStore store;
    private final java.util.function.LongFunction<User> users;
    private final int batchSize;
    private final ImportMetrics metrics;

    ImportApplier(RecordService records, CollectionService collections, ImportStore store,
            java.util.function.LongFunction<User> users, int batchSize, ImportMetrics metrics) {
        this.records = records;
        this.collections = collections;
        this.store = store;
        this.users = users;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /**
     * Applies the next batch of {@code job}; returns how many rows it applied (0: none left
     * that nobody holds). The definition changing under it retries the batch. A batch that
     * committed is reported to the metrics with what its rows came to.
     */
    int applyBatch(ImportJob job) {
        long start = System.nanoTime();
        List<ImportStore.Applied> applied = applyOnce(job);
        if (!applied.isEmpty()) {
            Map<RowResult, Integer> results = new EnumMap<>(RowResult.class);
            applied.forEach(row -> results.merge(row.result(), 1, Integer::sum));
            metrics.batch(System.nanoTime() - start, results);
        }
        return applied.size();
    }

    /** The rows of the batch applied and committed, with what each came to (none: no rows left). */
    private List<ImportStore.Applied> applyOnce(ImportJob job) {
        User author = users.apply(store.appliedBy(job.id()));
        return withCurrentDefinition(records, collections, job.collectionId(),
                (batch, collection) -> apply(batch, job, collection, author));
    }

    /**
     * Runs {@code work} as one batch with the collection's definition as it is now; when an
     * admin saves the definition while the batch writes (nothing of it is written), reads it
     * again and runs the batch again (an import's apply and its revert). The same when another
     * user took the lease of one of the batch's records in an exclusive collection after
     * {@code work} checked it: the batch is rolled back, and {@code work} checks again.
     */
    static <T> T withCurrentDefinition(RecordService records, CollectionService collections, long collectionId,
            java.util.function.BiFunction<RecordBatch, Collection, T> work) {
        int definitionChanges = 0;
        int leasesTaken = 0;
        while (true) {
            Collection collection = collections.find(collectionId).orElseThrow();
            try {
                return records.batch(batch -> work.apply(batch, collection));
            } catch (RecordBatch.DefinitionChanged e) {
                if (++definitionChanges == 3) {
                    throw new IllegalStateException("the collection's definition kept changing during an import", e);
                }
            } catch (RecordHeldException e) {
                if (++leasesTaken == HELD_ATTEMPTS) {
                    throw new IllegalStateException("leases kept being taken during an import's batch", e);
                }
            }
        }
    }

    /** How often a batch is run again when a lease of one of its records was taken while it wrote. */
    static final int HELD_ATTEMPTS = 5;

    private List<ImportStore.Applied> apply(RecordBatch batch, ImportJob job, Collection collection, User author) {
        List<ImportStore.ClaimedRow> rows = batch.alsoWrite(tx -> store.claim(tx, job.id(), batchSize));
        if (rows.isEmpty()) {
            return List.of();
        }
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> {
            if (r.recordId() != null) {
                ids.add(r.recordId());
            }
        });
        Map<Long, StoredRecord> current = records.find(ids);
        // In an exclusive collection only the person editing a record may change it: the file too.
        Map<Long, Lease> held = records.blockingLeases(collection, ids, author);
        List<ImportStore.Applied> applied = new ArrayList<>(rows.size());
        List<ImportStore.ClaimedRow> creates = new ArrayList<>();
        List<Map<String, String>> created = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        String note = "Import " + job.id();
        for (ImportStore.ClaimedRow row : rows) {
            if (row.outcome() == RowOutcome.INVALID) {
                applied.add(new ImportStore.Applied(row.line(), job.skip().contains(Skip.INVALID) ? RowResult.SKIPPED
                        : RowResult.INVALID, null, null, describe(row.messages())));
            } else if (row.conflict() && job.skip().contains(Skip.CONFLICT)) {
                applied.add(new ImportStore.Applied(row.line(), RowResult.SKIPPED, null, null,
                        "Skipped: its merge with the record conflicted in the preview."));
            } else if (row.recordId() == null) {
                Map<String, String> cells = Preview.fieldCells(row.input());
                Validation.Result validation = Validation.validateValues(collection, cells);
                Map<String, String> lost = Validation.givenToRemoved(collection, cells, null);
                if (!lost.isEmpty()) {
                    applied.add(new ImportStore.Applied(row.line(), RowResult.CONFLICT, null, null,
                            removedMessage(collection, lost)));
                } else if (validation.ok()) {
                    creates.add(row);
                    created.add(validation.values());
                } else {
                    applied.add(new ImportStore.Applied(row.line(), RowResult.INVALID, null, null,
                            describe(validation.errors())));
                }
            } else if (held.containsKey(row.recordId())) {
                applied.add(new ImportStore.Applied(row.line(), RowResult.CONFLICT, null, null,
                        heldMessage(held.get(row.recordId()))));
            } else {
                Decision decision = decide(collection, current.get(row.recordId()), row, note);
                if (decision.write() != null) {
                    writes.add(decision.write());
                } else {
                    applied.add(decision.applied());
                }
            }
        }
        applied.addAll(write(batch, collection, writes, note, author, job.id()));
        applied.addAll(create(batch, collection, creates, created, note, author, job.id()));
        batch.alsoWrite(tx -> {
            store.markApplied(tx, job.id(), applied);
            return null;
        });
        return applied;
    }

    /** Creates the new rows' records: all in few statements, or one by one when a unique value is taken. */
    private List<ImportStore.Applied> create(RecordBatch batch, Collection collection, List<ImportStore.ClaimedRow> rows,
            List<Map<String, String>> data, String note, User author, long importId) {
        List<ImportStore.Applied> applied = new ArrayList<>(rows.size());
        if (rows.isEmpty()) {
            return applied;
        }
        try {
            List<StoredRecord> created = batch.createAll(collection, data, note, author, importId);
            for (int i = 0; i < rows.size(); i++) {
                applied.add(new ImportStore.Applied(rows.get(i).line(), RowResult.CREATED, created.get(i).id(), 1, null));
            }
            return applied;
        } catch (UniqueValueTakenException e) {
            // Nothing of them was written (a savepoint): find out row by row which value is taken.
        }
        for (int i = 0; i < rows.size(); i++) {
            try {
                StoredRecord record = batch.create(collection, data.get(i), note, author, importId);
                applied.add(new ImportStore.Applied(rows.get(i).line(), RowResult.CREATED, record.id(), 1, null));
            } catch (UniqueValueTakenException e) {
                applied.add(new ImportStore.Applied(rows.get(i).line(), RowResult.INVALID, null, null,
                        e.fieldKey() + ": " + e.getMessage()));
            }
        }
        return applied;
    }

    /** A change a row makes to its record, to be written version-checked. */
    private record Write(ImportStore.ClaimedRow row, RecordBatch.Change change, RowResult result) {}

    /** What a row comes to against its record as read: a write, or an answer without one. */
    private record Decision(Write write, ImportStore.Applied applied) {}

    /**
     * Writes the rows' changes: those that move no unique value in one statement, the others
     * (and any whose record moved on since it was read) one by one, merged again.
     */
    private List<ImportStore.Applied> write(RecordBatch batch, Collection collection, List<Write> writes, String note,
            User author, long importId) {
        List<ImportStore.Applied> applied = new ArrayList<>(writes.size());
        List<Write> together = new ArrayList<>();
        List<Write> alone = new ArrayList<>();
        for (Write write : writes) {
            (RecordBatch.movesUniqueValue(collection, write.change()) ? alone : together).add(write);
        }
        Map<Long, StoredRecord> saved = batch.updateAll(collection, together.stream().map(Write::change).toList(),
                Revision.Kind.IMPORT, note, author, importId);
        for (Write write : together) {
            StoredRecord record = saved.get(write.row().recordId());
            if (record != null) {
                applied.add(new ImportStore.Applied(write.row().line(), write.result(), null, record.version(), null));
            } else {
                alone.add(write);
            }
        }
        for (Write write : alone) {
            applied.add(update(batch, collection, write.change().current(), write.row(), note, author, importId));
        }
        return applied;
    }

    /** Decides a row against its record as read: unchanged, invalid, conflicting, or a write. */
    private Decision decide(Collection collection, StoredRecord record, ImportStore.ClaimedRow row, String note) {
        if (record == null || record.deleted()) {
            return new Decision(null, new ImportStore.Applied(row.line(), RowResult.CONFLICT, null, null,
                    "Record " + row.recordId() + " was deleted after the file was read."));
        }
        int base = row.baseVersion();
        Map<String, String> baseData = base == record.version() ? record.data() : records.revision(record.id(), base).data();
        Map<String, String> cells = Preview.fieldCells(row.input());
        // A value the row gives a field removed since the preview is lost unless the record has it (now or at the base).
        Map<String, String> lost = new java.util.LinkedHashMap<>(Validation.givenToRemoved(collection, cells, baseData));
        lost.keySet().retainAll(Validation.givenToRemoved(collection, cells, record.data()).keySet());
        if (!lost.isEmpty()) {
            return new Decision(null, new ImportStore.Applied(row.line(), RowResult.CONFLICT, null, null,
                    removedMessage(collection, lost)));
        }
        Preview.Proposal yours = Preview.propose(collection, record, baseData, cells);
        if (!yours.ok()) {
            return new Decision(null, new ImportStore.Applied(row.line(), RowResult.INVALID, null, null,
                    describe(yours.errors())));
        }
        Map<String, String> values = yours.values();
        String key = RequestKey.ofImportRow(base, values);
        RowResult result = RowResult.UPDATED;
        Integer mergedWith = null;
        if (base != record.version()) {
            Optional<Integer> written = records.changeStillIn(record, base, key);
            if (written.isPresent()) {
                // The same row, imported before (another upload of the file) and still in the record: merged
                // again, a delta would count twice. Once a revert took it out, it is a change again.
                return new Decision(null, new ImportStore.Applied(row.line(), RowResult.UNCHANGED, null, record.version(),
                        alreadyIn(record.id(), written.get())));
            }
            RecordMergeResult merge = MergeFields.merge(collection, baseData, record.data(), values);
            if (!merge.clean()) {
                return new Decision(null, new ImportStore.Applied(row.line(), RowResult.CONFLICT, null, null,
                        "Record " + record.id() + " was changed since version " + base + " and the changes conflict in: "
                                + String.join(", ", merge.conflicts().stream().map(FieldMerge::key).toList())
                                + ". It was left as it is."));
            }
            values = record.withUndefinedFields(collection, merge.merged());
            result = RowResult.MERGED;
            mergedWith = record.version();
        }
        if (Revision.changedKeys(record.data(), values).isEmpty()) {
            return new Decision(null, new ImportStore.Applied(row.line(), RowResult.UNCHANGED, null, record.version(), null));
        }
        return new Decision(new Write(row, new RecordBatch.Change(record, Revision.Kind.IMPORT, base, mergedWith, values,
                note, key), result), null);
    }

    /** Why an import (a row, or its revert) left a record of an exclusive collection that another user is editing. */
    static String heldMessage(Lease lease) {
        return lease.holderName() + " is editing record " + lease.recordId() + ", and in this collection only the person"
                + " editing may change it. It was left as it is.";
    }

    /**
     * Why a row that gives fields removed since the preview ({@code lost}, per key) a value is
     * left out: written, the record would silently lack what the file says (as a record form
     * with text in a removed field is not saved either); the rejected rows keep the row.
     */
    static String removedMessage(Collection collection, Map<String, String> lost) {
        Map<String, String> messages = new java.util.LinkedHashMap<>();
        lost.keySet().forEach(key -> messages.put(key, "An admin removed this field from " + collection.name()
                + " after the file was read; the row's value for it could not be saved, so nothing of the row was"
                + " written (the rejected rows keep it)."));
        return describe(messages);
    }

    /** Why a row already imported is left alone. */
    static String alreadyIn(long recordId, int version) {
        return "Already imported: version " + version + " of record " + recordId + " made this row's change from the"
                + " same version, so it was not made again.";
    }

    /**
     * Updates one record from a row, version-checked: written, merged, or reported; when
     * the record moved on since it was read, it is read again under its row lock (held
     * until the batch commits) and decided again, so the second write cannot be stale.
     */
    private ImportStore.Applied update(RecordBatch batch, Collection collection, StoredRecord record,
            ImportStore.ClaimedRow row, String note, User author, long importId) {
        for (boolean locked = false; ; locked = true) {
            Decision decision = decide(collection, record, row, note);
            if (decision.write() == null) {
                return decision.applied();
            }
            try {
                StoredRecord saved = batch.update(collection, decision.write().change(), author, importId);
                return new ImportStore.Applied(row.line(), decision.write().result(), null, saved.version(), null);
            } catch (StaleVersionException e) {
                if (locked) {
                    throw new IllegalStateException("record " + record.id() + " changed under its row lock", e);
                }
                // Saved by someone between our read and our write: merge again with their version, locked.
                record = batch.lock(record.id());
            } catch (UniqueValueTakenException e) {
                return new ImportStore.Applied(row.line(), RowResult.INVALID, null, null,
                        e.fieldKey() + ": " + e.getMessage());
            }
        }
    }

    /** Messages per field as one line: "price: Must be at least 0.; sku: Required." */
    static String describe(Map<String, String> messages) {
        List<String> parts = new ArrayList<>();
        messages.forEach((key, message) -> parts.add(key + ": " + message));
        return String.join("; ", parts);
    }
}
