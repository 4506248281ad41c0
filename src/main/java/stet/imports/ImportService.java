package stet.imports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import stet.auth.Role;
import stet.auth.User;
import stet.db.Database;
import stet.error.ForbiddenException;
import stet.error.NotFoundException;
import stet.error.Quoted;
import stet.lease.Lease;
import stet.record.RecordBatch;
import stet.record.RecordService;
import stet.record.Revision;
import stet.record.StaleVersionException;
import stet.record.StoredRecord;
import stet.record.UniqueValueTakenException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.Validation;

/**
 * CSV imports: an upload is read as it streams in and every row classified (the preview,
 * see {@link Preview}), and nothing is written to records until someone applies it. Apply
 * is a job that the {@link ImportWorkers} of every node work through in batches (see
 * {@link ImportApplier}); an admin can revert a whole import afterwards, record by record,
 * version-checked, never overwriting a record someone changed since.
 */
public final class ImportService {

    /** Rows per apply transaction, unless told otherwise. */
    public static final int DEFAULT_BATCH = ImportApplier.DEFAULT_BATCH;

    /** Rows the preview classifies and stores per statement. */
    static final int CHUNK = 1_000;
    /** A preview whose reading has not moved for this long was left by a node that stopped. */
    static final Duration STALLED_PREVIEW = Duration.ofMinutes(5);
    /**
     * How often, at most, a preview marks that its upload's bytes are still arriving: well
     * within {@link #STALLED_PREVIEW}, so only a silence that long fails it.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final String STALLED_MESSAGE = "The upload stopped before every row was read (the stet node reading it"
            + " stopped); nothing was imported. Upload the file again.";
    /** A revert whose claim has not moved for this long was left by a node that stopped; another may take it over. */
    static final Duration STALLED_REVERT = Duration.ofMinutes(2);

    private final RecordService records;
    private final CollectionService collections;
    private final ImportStore store;
    private final ImportLimits limits;
    private final ImportWorkers workers;
    private final ImportMetrics metrics;
    private final Clock clock;
    /** Records per revert transaction. */
    private final int batchSize;

    /**
     * With {@code batchSize} rows per apply transaction, and records per revert transaction
     * (tests use small batches to stop a node between them), reporting to {@code metrics}.
     */
    public ImportService(Database db, RecordService records, CollectionService collections, LongFunction<User> users,
            ImportLimits limits, int batchSize, ImportMetrics metrics) {
        this(db, records, collections, users, limits, batchSize, metrics, Clock.systemUTC());
    }

    /** As above, with the clock that times a preview's heartbeat ({@link #HEARTBEAT}). */
    ImportService(Database db, RecordService records, CollectionService collections, LongFunction<User> users,
            ImportLimits limits, int batchSize, ImportMetrics metrics, Clock clock) {
        this.clock = clock;
        this.records = records;
        this.collections = collections;
        this.store = new ImportStore(db.dsl());
        this.limits = limits;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.workers = new ImportWorkers(store,
                new ImportApplier(records, collections, store, users, batchSize, metrics), ImportWorkers.THREADS, metrics,
                this::failStalledPreviews);
    }

    /**
     * Fails the previews left by nodes that stopped while reading an upload (their reading
     * has not moved for {@link #STALLED_PREVIEW}); the workers call it now and then. Returns how many.
     */
    public int failStalledPreviews() {
        int failed = store.failStalledPreviews(STALLED_PREVIEW, STALLED_MESSAGE);
        for (int i = 0; i < failed; i++) {
            metrics.event(ImportMetrics.Event.FAILED);
        }
        return failed;
    }

    /** This node's workers (App starts and stops them). */
    public ImportWorkers workers() {
        return workers;
    }

    /**
     * Reads a CSV file into a new import of {@code collection} and classifies every row;
     * returns the import's id, ready to preview and apply.
     *
     * @param matchField the key of a unique field that rows without {@code _id} are matched
     *     on (a row whose value a record holds updates it), or null: such rows create records
     * @throws ImportException when the file or the match field is refused (nothing is kept)
     */
    public long upload(Collection collection, InputStream csv, String matchField, User uploader) {
        long id;
        try {
            id = read(collection, csv, matchField, uploader);
        } catch (ImportException e) {
            metrics.event(ImportMetrics.Event.REFUSED);
            throw e;
        }
        metrics.event(ImportMetrics.Event.PREVIEWED);
        return id;
    }

    private long read(Collection collection, InputStream csv, String matchField, User uploader) {
        FieldDef match = matchField(collection, matchField);
        long id;
        Heartbeat arriving = new Heartbeat(csv, clock, HEARTBEAT);
        try (CsvRows rows = CsvRows.open(arriving, collection, limits)) {
            id = store.createJob(collection.id(), collection.version(), uploader.id(),
                    match == null ? null : match.key(), rows.columns(), rows.separator());
            long job = id;
            arriving.onBeat(() -> store.stillReading(job));
            try {
                Preview preview = new Preview(records, store, collection, match);
                List<CsvRows.Row> chunk = new ArrayList<>(CHUNK);
                while (rows.hasNext()) {
                    chunk.add(rows.next());
                    if (chunk.size() == CHUNK) {
                        store.insertRows(id, preview.classify(chunk));
                        store.stillReading(id);
                        chunk.clear();
                    }
                }
                store.insertRows(id, preview.classify(chunk));
                store.stillReading(id);
                store.markDuplicates(id, match == null ? null : match.key());
                if (!store.finishPreview(id)) {
                    throw new ImportException(ImportException.Reason.MALFORMED, "The file came in so slowly that its"
                            + " import was given up (nothing arrived for " + STALLED_PREVIEW.toMinutes() + " minutes);"
                            + " nothing was imported. Upload it again.");
                }
            } catch (RuntimeException e) {
                // A refused file keeps nothing: not its first rows either.
                store.delete(id);
                throw e;
            }
        }
        return id;
    }

    private static FieldDef matchField(Collection collection, String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        FieldDef field = collection.field(key).orElseThrow(() -> new ImportException(
                ImportException.Reason.BAD_MATCH_FIELD, collection.name() + " has no field '" + Quoted.printable(key, 60) + "' to match on."));
        if (!field.unique()) {
            throw new ImportException(ImportException.Reason.BAD_MATCH_FIELD, "Rows can be matched only on a unique field;"
                    + " '" + key + "' is not unique. Unique fields: " + String.join(", ", collection.fields().stream()
                            .filter(FieldDef::unique).map(FieldDef::key).toList()) + ".");
        }
        return field;
    }

    /** An import; 404 when there is none. */
    public ImportJob find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("There is no import " + id + "."));
    }

    /**
     * A page of an import's rows in line order, after line {@code afterLine} (0: from the
     * first), of one outcome or all ({@code outcome} null).
     */
    public RowPage rows(long id, RowOutcome outcome, int afterLine, int limit) {
        ImportJob job = find(id);
        int size = Math.max(1, Math.min(limit, 500));
        List<ImportRow> rows = store.rows(id, outcome, afterLine, size + 1);
        Integer next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).line();
        }
        Collection collection = collections.find(job.collectionId(), job.definitionVersion());
        return new RowPage(rows.stream().map(r -> withNewValues(collection, r)).toList(), next);
    }

    /** A new row with its difference: every value it sets (not stored: its cells say it). */
    private static ImportRow withNewValues(Collection collection, ImportRow row) {
        if (row.outcome() != RowOutcome.NEW) {
            return row;
        }
        Map<String, String> values = Validation.validateValues(collection, Preview.fieldCells(row.input())).values();
        return new ImportRow(row.line(), row.outcome(), row.conflict(), row.recordId(), row.baseVersion(), row.input(),
                row.messages(), Preview.changes(collection, Map.of(), values), row.conflicts(), row.result(),
                row.appliedVersion(), row.resultMessage());
    }

    /**
     * Starts applying a previewed import: the workers of every node take it from here.
     *
     * @param skip rows to leave out: those whose merge conflicted in the preview, the invalid ones
     * @throws ImportException (wrong state) when it is not ready: still previewing, or applied already
     * @throws ForbiddenException when {@code user} neither uploaded it nor is an admin
     */
    public ImportJob apply(long id, Set<Skip> skip, User user) {
        ImportJob job = find(id);
        if (job.uploadedBy() != user.id() && !user.role().grants(Role.ADMIN)) {
            throw new ForbiddenException("Only " + job.uploaderName() + ", who uploaded it, or an admin can apply import "
                    + id + ".");
        }
        if (!store.startApply(id, skip.isEmpty() ? EnumSet.noneOf(Skip.class) : EnumSet.copyOf(skip), user.id())) {
            throw new ImportException(ImportException.Reason.WRONG_STATE, "Import " + id + " is "
                    + find(id).state().dbName() + ", so it cannot be applied now; only a ready import can.");
        }
        metrics.event(ImportMetrics.Event.STARTED);
        workers.wake();
        return find(id);
    }

    /**
     * Writes the rows that were not taken into their records (invalid, conflicting, skipped;
     * before apply: the invalid and conflicting ones) as CSV, with the file's own columns and
     * separator and an {@code _error} column, to fix and import again. Streamed, page by page.
     */
    public void rejectedCsv(long id, OutputStream out) {
        ImportJob job = find(id);
        // A file of rejected rows imported again has an _error column already: its message is replaced.
        boolean ownError = job.columns().contains(CsvRows.ERROR);
        List<String> header = new ArrayList<>(job.columns());
        if (!ownError) {
            header.add(CsvRows.ERROR);
        }
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            CSVPrinter printer = CSVFormat.RFC4180.builder().setDelimiter(job.separator())
                    .setHeader(header.toArray(String[]::new)).get().print(writer);
            int after = 0;
            while (true) {
                List<ImportRow> page = store.rejected(id, after, CHUNK);
                for (ImportRow row : page) {
                    List<String> cells = new ArrayList<>(header.size());
                    job.columns().forEach(c -> cells.add(c.equals(CsvRows.ERROR) ? error(row) : row.input().getOrDefault(c, "")));
                    if (!ownError) {
                        cells.add(error(row));
                    }
                    // The cells the row had past the header: after _error, so that the columns stay the header's.
                    for (int i = job.columns().size(); row.input().containsKey(CsvRows.extraKey(i)); i++) {
                        cells.add(row.input().get(CsvRows.extraKey(i)));
                    }
                    printer.printRecord(cells);
                    after = row.line();
                }
                if (page.size() < CHUNK) {
                    break;
                }
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String error(ImportRow row) {
        if (row.resultMessage() != null) {
            return "Line " + row.line() + ": " + row.resultMessage();
        }
        if (!row.messages().isEmpty()) {
            return "Line " + row.line() + ": " + ImportApplier.describe(row.messages());
        }
        return "Line " + row.line() + ": record " + row.recordId() + " changed since version " + row.baseVersion()
                + " and the changes conflict in: " + String.join(", ", row.conflicts()) + ".";
    }

    /** The revisions an import wrote, after (record, version) (0, 0: from the first), by record. */
    public List<ImportRevision> revisions(long id, long afterRecord, int afterVersion, int limit) {
        find(id);
        return store.revisions(id, afterRecord, afterVersion, Math.max(1, Math.min(limit, 1_000)));
    }

    /**
     * Reverts a whole import (admins only): each record it changed goes back to its values
     * from before the import (a version-checked revert), each record it created is deleted
     * (version-checked); a record changed since the import is listed, never overwritten, and
     * so is one of an exclusive collection that another user is editing.
     *
     * <p>Records are reverted in batches, one transaction each, and what each came to is kept
     * with its batch. A revert that stops part-way (a timeout, the database away, a node
     * stopped) is run again and goes on with the records not yet done; the import is marked
     * reverted when every record is, and the report lists them all, whichever run did them.
     * One revert of an import runs at a time.
     *
     * @throws ImportException (wrong state) when the import is not done, was reverted already,
     *     or another request is reverting it
     */
    public RevertReport revert(long id, User admin) {
        if (!admin.role().grants(Role.ADMIN)) {
            throw new ForbiddenException("Only an admin can revert an import.");
        }
        ImportJob job = find(id);
        UUID claim = UUID.randomUUID();
        if (!store.claimRevert(id, claim, STALLED_REVERT)) {
            ImportJob now = find(id);
            throw new ImportException(ImportException.Reason.WRONG_STATE, now.revertedAt() != null
                    ? "Import " + id + " was reverted already."
                    : now.state() != ImportState.DONE
                    ? "Import " + id + " is " + now.state().dbName() + "; only a done import can be reverted."
                    : "Import " + id + " is being reverted by another request; see its page when that has finished.");
        }
        try {
            revertRest(job, claim, admin);
            if (!store.finishRevert(id, claim, admin.id())) {
                throw takenOver(id);
            }
        } catch (RuntimeException e) {
            try {
                store.releaseRevert(id, claim);
            } catch (RuntimeException release) {
                // The database is away: the claim is taken over once it has not moved for STALLED_REVERT.
                e.addSuppressed(release);
            }
            throw e;
        }
        metrics.event(ImportMetrics.Event.REVERTED);
        return RevertReport.of(store.reverted(id));
    }

    /**
     * Reverts the records of {@code job} not yet dealt with, a batch per transaction (run again
     * with the definition read again when an admin saves it meanwhile).
     */
    private void revertRest(ImportJob job, UUID claim, User admin) {
        String note = "Reverted import " + job.id();
        long afterRecord = 0;
        int afterVersion = 0;
        while (true) {
            List<ImportRevision> page = store.revisionsToRevert(job.id(), afterRecord, afterVersion, batchSize);
            if (page.isEmpty()) {
                return;
            }
            List<Long> ids = page.stream().map(ImportRevision::recordId).toList();
            Map<Long, StoredRecord> current = records.find(ids);
            ImportApplier.withCurrentDefinition(records, collections, job.collectionId(), (batch, collection) -> {
                // In an exclusive collection only the person editing a record may change it: an admin's revert too.
                Map<Long, Lease> held = records.blockingLeases(collection, ids, admin);
                List<RevertedRecord> done = new ArrayList<>(page.size());
                for (ImportRevision revision : page) {
                    StoredRecord record = current.get(revision.recordId());
                    done.add(revertOne(batch, collection, record, held.get(record.id()), revision, note, admin));
                }
                if (!batch.alsoWrite(tx -> store.keepReverted(tx, job.id(), claim, done))) {
                    throw takenOver(job.id());
                }
                return null;
            });
            ImportRevision last = page.get(page.size() - 1);
            afterRecord = last.recordId();
            afterVersion = last.version();
        }
    }

    /** This revert stopped for longer than {@link #STALLED_REVERT} and another request took it over. */
    private static ImportException takenOver(long id) {
        return new ImportException(ImportException.Reason.WRONG_STATE, "The revert of import " + id + " was taken over"
                + " by another request (this one had stopped for " + STALLED_REVERT.toMinutes() + " minutes).");
    }

    /** Reverts one record the import wrote, unless it changed since or {@code held} (another user's lease, or null) stops it. */
    private RevertedRecord revertOne(RecordBatch batch, Collection collection, StoredRecord record, Lease held,
            ImportRevision revision, String note, User admin) {
        if (record.deleted() || record.version() != revision.version()) {
            return RevertedRecord.changedSince(revision, record.version(), record.deleted());
        }
        if (held != null) {
            return RevertedRecord.refused(revision, ImportApplier.heldMessage(held)
                    + " Revert it from its history once they are done.");
        }
        try {
            if (revision.created()) {
                batch.delete(collection, record, note, admin, null);
                return RevertedRecord.deleted(revision);
            }
            Map<String, String> before = records.revision(record.id(), revision.version() - 1).data();
            batch.update(collection, new RecordBatch.Change(record, Revision.Kind.REVERT, record.version(), null,
                    record.withUndefinedFields(collection, before), note, null), admin, null);
            return RevertedRecord.reverted(revision);
        } catch (StaleVersionException e) {
            // Changed or deleted since the page of records was read: reported as it is now, read under the batch's lock.
            StoredRecord now = batch.lock(record.id());
            return RevertedRecord.changedSince(revision, now.version(), now.deleted());
        } catch (UniqueValueTakenException e) {
            return RevertedRecord.refused(revision, e.fieldKey() + ": " + e.getMessage());
        }
    }
}
