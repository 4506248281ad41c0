package stet.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import stet.auth.User;
import stet.error.BadRequestException;
import stet.error.NotFoundException;
import stet.merge.RecordMergeResult;
import stet.schema.Collection;
import stet.schema.Validation;

/**
 * An admin's tools on a record's history: revert to the values of an older version, and
 * undo one change in the middle of the history while keeping the changes after it. Both
 * are ordinary version-checked writes; when the record moved on since the admin looked,
 * or an undo does not merge cleanly, the admin gets the merge page instead of a write
 * they did not see.
 */
public final class RevertService {

    private final RecordService records;
    private final RecordWriter writer;
    private final StaleSave stale;
    private final WriteChecks checks;
    private final SaveMetrics metrics;

    /** Writes through {@code records}' own writer, merge loop, checks and metrics: one write path. */
    public RevertService(RecordService records) {
        this.records = records;
        this.writer = records.writer();
        this.stale = records.stale();
        this.checks = records.checks();
        this.metrics = records.metrics();
    }

    /**
     * Reverts a record to the values of version {@code target}: an ordinary version-checked
     * write. If the record moved on since {@code version}, the admin gets the merge page
     * (original: the version they saw; yours: the values of {@code target}).
     */
    public SaveOutcome revert(long id, int target, int version, String token, String comment, User author) {
        return metrics.count(RecordWriter.withCurrentDefinition(
                attempt -> revertOnce(id, target, version, token, comment, author)));
    }

    private SaveOutcome revertOnce(long id, int target, int version, String token, String comment, User author) {
        StoredRecord current = records.getLive(id);
        checks.checkToken(id, version, token, author);
        Revision targetRevision = records.revision(id, target);
        Collection collection = records.collectionOf(current);
        String note = WriteChecks.comment(revertNote(target, comment));
        Map<String, String> values = revertedValues(current, collection, targetRevision);
        if (current.version() != version) {
            // The merge page's comment is the note, so saving it records "Reverted to version N" as the undo's does.
            return stale.merge(collection, records.revision(id, version), values, values, note, note, author,
                    Revision.Kind.REVERT);
        }
        List<String> changed = Revision.changedKeys(current.data(), values);
        if (changed.isEmpty()) {
            return new SaveOutcome.Unchanged(current);
        }
        Optional<SaveOutcome> refused = refused(current, collection, values, version, Revision.Kind.REVERT);
        if (refused.isPresent()) {
            return refused.get();
        }
        records.refuseIfHeld(current, collection, author);
        try {
            Revision revision = Revision.pending(current, Revision.Kind.REVERT, author, version, null, note, changed, values);
            return new SaveOutcome.Saved(writer.update(collection, current, revision, author), changed, null, collection);
        } catch (StaleVersionException e) {
            return stale.merge(collection, records.revision(id, version), values, values, note, note, author,
                    Revision.Kind.REVERT);
        } catch (UniqueValueTakenException e) {
            return taken(current, values, version, e, Revision.Kind.REVERT);
        }
    }

    /**
     * The values a revert of {@code current} to {@code target} writes: the target's values of
     * today's fields. Values of fields removed from the collection stay as the record has
     * them, as every save leaves them (see {@link StoredRecord#withUndefinedFields}).
     */
    public Map<String, String> revertedValues(StoredRecord current, Revision target) {
        return revertedValues(current, records.collectionOf(current), target);
    }

    private static Map<String, String> revertedValues(StoredRecord current, Collection collection, Revision target) {
        Map<String, String> defined = new HashMap<>(target.data());
        defined.keySet().removeIf(key -> collection.field(key).isEmpty());
        return current.withUndefinedFields(collection, defined);
    }

    /** What a revert to {@code target} records: the admin's comment, or else "Reverted to version N". */
    public static String revertNote(int target, String comment) {
        return comment == null || comment.isBlank() ? "Reverted to version " + target : comment;
    }

    /** What an undo of {@code target} records: the admin's comment, or else "Undid version N". */
    public static String undoNote(int target, String comment) {
        return comment == null || comment.isBlank() ? "Undid version " + target : comment;
    }

    /**
     * Refused, nothing written, when {@code values} break today's rules (a field made
     * required since, a bound, a choice removed): the edit form with the fields' messages,
     * which saved once corrected is still the {@code kind} of change it was (a revert or an undo).
     */
    private static Optional<SaveOutcome> refused(StoredRecord current, Collection collection, Map<String, String> values,
            int version, Revision.Kind kind) {
        // Only what it changes: a value it leaves as the record has it is kept as it is, as a save keeps it.
        Validation.Result checked = Validation.validateValues(collection, values, current.data());
        if (checked.ok()) {
            return Optional.empty();
        }
        return Optional.of(new SaveOutcome.Invalid(current, new Validation.Result(values, values, checked.errors()),
                version, null, kind));
    }

    /**
     * What undoing version {@code target} would do: a three-way merge with the target as
     * the original, the current version as theirs and the version before the target as
     * yours, so later changes stay and only the target's own change goes.
     */
    public UndoPlan planUndo(long id, int target) {
        StoredRecord current = records.getLive(id);
        if (target < 1 || target > current.version()) {
            // A version the record never had is missing, as on its revision and compare pages.
            throw new NotFoundException("Record " + id + " has no version " + target + ".");
        }
        if (target < 2) {
            throw new BadRequestException("Only a change after the first version can be undone; version " + target
                    + " cannot.");
        }
        Revision undone = records.revision(id, target);
        Revision before = records.revision(id, target - 1);
        Collection collection = records.collectionOf(current);
        RecordMergeResult merge = stale.timedMerge(collection, undone.data(), current.data(), before.data());
        return new UndoPlan(current, undone, before, merge, current.withUndefinedFields(collection, merge.merged()));
    }

    /**
     * The plan of an undo: the current record, the revision undone, the one before it, the
     * merge, and the values it writes when the merge is clean.
     */
    public record UndoPlan(StoredRecord current, Revision undone, Revision before, RecordMergeResult merge,
            Map<String, String> values) {

        /** The merge page for an undo that conflicts (or waits for confirmation). */
        public SaveOutcome.Conflict asConflict(String comment) {
            return new SaveOutcome.Conflict(current, undone, before.data(), merge, comment, merge.clean(), null, Map.of(),
                    Revision.Kind.UNDO, Map.of());
        }
    }

    /** Applies an undo previewed at {@code version}; if the record moved on or the undo conflicts, the merge page. */
    public SaveOutcome undo(long id, int target, int version, String token, String comment, User author) {
        return metrics.count(RecordWriter.withCurrentDefinition(
                attempt -> undoOnce(id, target, version, token, comment, author)));
    }

    private SaveOutcome undoOnce(long id, int target, int version, String token, String comment, User author) {
        checks.checkToken(id, version, token, author);
        UndoPlan plan = planUndo(id, target);
        String note = WriteChecks.comment(undoNote(target, comment));
        if (plan.current().version() != version || !plan.merge().clean()) {
            return plan.asConflict(note);
        }
        Collection collection = records.collectionOf(plan.current());
        Map<String, String> values = plan.values();
        List<String> changed = Revision.changedKeys(plan.current().data(), values);
        if (changed.isEmpty()) {
            return new SaveOutcome.Unchanged(plan.current());
        }
        Optional<SaveOutcome> refused = refused(plan.current(), collection, values, version, Revision.Kind.UNDO);
        if (refused.isPresent()) {
            return refused.get();
        }
        records.refuseIfHeld(plan.current(), collection, author);
        try {
            Revision revision = Revision.pending(plan.current(), Revision.Kind.UNDO, author, version, null, note, changed,
                    values);
            return new SaveOutcome.Saved(writer.update(collection, plan.current(), revision, author), changed, null,
                    collection);
        } catch (StaleVersionException e) {
            return planUndo(id, target).asConflict(note);
        } catch (UniqueValueTakenException e) {
            return taken(plan.current(), values, version, e, Revision.Kind.UNDO);
        }
    }

    /** Not saved: another record holds a value the revert or undo ({@code kind}) would bring back. */
    private static SaveOutcome taken(StoredRecord current, Map<String, String> values, int version,
            UniqueValueTakenException e, Revision.Kind kind) {
        return new SaveOutcome.Invalid(current, new Validation.Result(values, values, Map.of(e.fieldKey(), e.getMessage())),
                version, null, kind);
    }
}
