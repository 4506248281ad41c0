package stet.record;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.auth.Authentication;
import stet.error.DatabaseUnavailableException;
import stet.auth.User;
import stet.lease.Lease;
import stet.lease.LeaseService;
import stet.schema.Collection;
import stet.schema.Validation;
import stet.web.Flash;
import stet.web.Views;

/**
 * How the web answers what a save came to, for every page that saves (the edit form,
 * the merge page, an admin's revert or undo): redirect with a flash when saved, the
 * form with messages when invalid (422), the merge page when it conflicts (409), the
 * restore offer when the record was deleted meanwhile (409).
 */
public final class SaveOutcomePages {

    private static final Logger LOG = LoggerFactory.getLogger(SaveOutcomePages.class);

    private final RecordService records;
    private final LeaseService leases;

    public SaveOutcomePages(RecordService records, LeaseService leases) {
        this.records = records;
        this.leases = leases;
    }

    /** Answers what a save came to; every case is answered, none falls through to an empty page. */
    public void show(Context ctx, SaveOutcome outcome, User me, String comment) {
        outcome.accept(new SaveOutcome.Visitor<Void>() {
            @Override
            public Void saved(SaveOutcome.Saved saved) {
                // Saved: the user has left the form, and their lease ends with it.
                release(ctx, saved.record().id(), me);
                flashSaved(ctx, saved, me);
                ctx.redirect("/records/" + saved.record().id(), HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void unchanged(SaveOutcome.Unchanged unchanged) {
                release(ctx, unchanged.record().id(), me);
                Flash.info(ctx, "Nothing changed, so nothing was saved.");
                ctx.redirect("/records/" + unchanged.record().id(), HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(SaveOutcome.Invalid invalid) {
                FormInput input = FormInput.of(invalid.validation(), comment);
                ctx.status(input.refusal());
                editForm(ctx, invalid.record(), invalid.version(), invalid.mergeBase(), invalid.mergeKind(), input, me);
                return null;
            }

            @Override
            public Void conflict(SaveOutcome.Conflict conflict) {
                mergePage(ctx, conflict, me);
                return null;
            }

            @Override
            public Void deleted(SaveOutcome.Deleted deleted) {
                deletedPage(ctx, deleted.current(), FormInput.typed(deleted.yours(), deleted.comment()), me);
                return null;
            }

            @Override
            public Void held(SaveOutcome.Held held) {
                heldPage(ctx, held, me);
                return null;
            }

            @Override
            public Void stale(SaveOutcome.Stale stale) {
                // Forms always merge; should one ever refuse, the user edits the current version with what they typed.
                ctx.status(HttpStatus.CONFLICT);
                editForm(ctx, stale.current(), stale.current().version(), null, FormInput.typed(stale.yours(), comment)
                        .withNotice("Someone saved this record after you opened it, so nothing was saved. Your values are"
                                + " in the form below; saving them replaces theirs."), me);
                return null;
            }
        });
    }

    /**
     * A save refused because another user holds the lease of an exclusive collection's
     * record (409): the page it came from again, with everything as submitted, to be saved
     * once the lease is free (then through the usual version check and merge).
     */
    private void heldPage(Context ctx, SaveOutcome.Held held, User me) {
        SaveRequest request = held.request();
        if (held.merge() != null) {
            mergePage(ctx, held.merge(), me, held.lease());
            return;
        }
        if (request.mergeBase() != null) {
            mergePage(ctx, records.preview(request, me), me, held.lease());
            return;
        }
        Collection collection = records.collectionOf(held.current());
        Validation.Result typed = Validation.validate(collection, request.form(), held.current().data());
        ctx.status(HttpStatus.CONFLICT);
        editForm(ctx, held.current(), request.version(), null, request.mergeKind(),
                new FormInput(typed.input(), Map.of(), typed.removed(), request.comment()), me);
    }

    /**
     * Ends the saver's lease after a save. The save has committed: should the database be
     * gone now, the answer is still that it saved, and the lease simply runs out.
     */
    private void release(Context ctx, long recordId, User me) {
        try {
            leases.release(recordId, me, Authentication.sessionId(ctx));
        } catch (DatabaseUnavailableException e) {
            LOG.debug("lease of record {} left to expire: {}", recordId, e.getMessage());
        }
    }

    private void flashSaved(Context ctx, SaveOutcome.Saved saved, User me) {
        StoredRecord record = saved.record();
        if (saved.merge() == null) {
            Flash.success(ctx, "Saved version " + record.version() + ".");
            return;
        }
        MergeSummary merge = saved.merge();
        // The collection the save was checked against: after the commit nothing is read again.
        Flash.success(ctx, merge.describe(saved.collection(), me.id()),
                "/records/" + record.id() + "/compare?from=" + merge.baseVersion() + "&to=" + record.version(),
                "See both changes");
    }


    /**
     * The edit form as opened from the record, with the lease taken as it was read: in an
     * exclusive collection whose record someone else is editing, read-only until they are done.
     */
    public void freshEditForm(Context ctx, LeasedRecord opened, User me) {
        StoredRecord record = opened.record();
        Collection collection = records.collectionOf(record);
        form(ctx, collection, record, record.version(), null, null, FormInput.typed(record.data(), ""), me, true,
                leases.take(record.id(), collection.leasing(), me, Authentication.sessionId(ctx), opened.taken()));
    }

    /**
     * The edit form starting from {@code version}, holding {@code values} as typed: shown
     * again after a submission. Showing it takes (or renews) the user's lease on the record;
     * when someone else holds it, the form says who and until when.
     */
    public void editForm(Context ctx, StoredRecord record, int version, Integer mergeBase, FormInput input, User me) {
        editForm(ctx, record, version, mergeBase, null, input, me);
    }

    /** As {@link #editForm(Context, StoredRecord, int, Integer, FormInput, User)}, resolving a revert or undo. */
    private void editForm(Context ctx, StoredRecord record, int version, Integer mergeBase, Revision.Kind mergeKind,
            FormInput input, User me) {
        Collection collection = records.collectionOf(record);
        form(ctx, collection, record, version, mergeBase, mergeKind, input, me, false,
                leases.take(record.id(), collection.leasing(), me, Authentication.sessionId(ctx)));
    }

    /**
     * The edit form with the user's {@code lease} taken. {@code fresh}: opened from the
     * record, not shown again after a submission (whose input must stay editable).
     */
    private void form(Context ctx, Collection collection, StoredRecord record, int version, Integer mergeBase,
            Revision.Kind mergeKind, FormInput input, User me, boolean fresh, LeaseService.Outcome lease) {
        Lease other = lease.accept(new LeaseService.Visitor<Lease>() {
            @Override
            public Lease taken(LeaseService.Taken taken) {
                return null;
            }

            @Override
            public Lease heldByOther(LeaseService.HeldByOther held) {
                return held.lease();
            }

            @Override
            public Lease contended(LeaseService.Contended contended) {
                return null;
            }
        });
        // Only a lease this page holds has an expiry its beacon may end (see live.js).
        Lease mine = other == null ? lease.lease() : null;
        boolean readOnly = fresh && other != null && collection.leasing().exclusive();
        Map<String, Object> model = RecordForm.edit(collection, record, version, mergeBase, input,
                records.versionToken(record.id(), version, mergeBase, me), other, mine, readOnly);
        // A revert or undo, merged or refused for its values, is still one once corrected.
        model.put("mergeKind", mergeKind == Revision.Kind.MERGE ? null : mergeKind);
        Views.page(ctx, "records/form", model);
    }

    /** The merge page (409). */
    public void mergePage(Context ctx, SaveOutcome.Conflict conflict, User me) {
        mergePage(ctx, conflict, me, null);
    }

    /** The merge page (409); {@code held}: the lease that kept it from being saved, said above it, else null. */
    void mergePage(Context ctx, SaveOutcome.Conflict conflict, User me, Lease held) {
        StoredRecord theirs = conflict.theirs();
        Collection collection = records.collectionOf(theirs);
        // An admin's undo or revert of their own later change is no "other tab".
        boolean merge = conflict.kind() == Revision.Kind.MERGE;
        boolean sameUser = merge && theirs.isBy(me);
        String theirsName = theirs.isBy(me) ? (merge ? "your other tab" : "you")
                : theirs.updatedBy() == null ? "someone" : theirs.updatedBy();
        ctx.status(HttpStatus.CONFLICT);
        Map<String, Object> model = new HashMap<>();
        model.put("record", theirs);
        model.put("collection", collection);
        model.put("original", conflict.original());
        // Only its author, time and comment are shown: the list query, which reads no data.
        model.put("theirsRevision", records.history(theirs.id(), theirs.version() + 1, 1).get(0));
        List<MergePage.Row> rows = MergePage.rows(collection, conflict, theirsName,
                records.remembered(collection, conflict), Instant.now());
        model.put("rows", rows);
        model.put("tally", MergePage.tally(rows));
        model.put("words", MergeWords.of(conflict.kind(), conflict.confirmOnly(), sameUser, theirsName, conflict.original()));
        model.put("unchanged", MergePage.unchanged(collection, conflict));
        FieldInputs.putFields(model, collection, conflict.removed());
        model.put("versionToken", records.versionToken(theirs.id(), theirs.version(), conflict.original().version(), me));
        model.put("comment", conflict.comment() == null ? "" : conflict.comment());
        model.put("sameUser", sameUser);
        model.put("theirsName", theirsName);
        model.put("confirmOnly", conflict.confirmOnly());
        model.put("hasErrors", !conflict.errors().isEmpty());
        model.put("kind", conflict.kind());
        model.put("idempotencyKey", UUID.randomUUID().toString());
        model.put("leaseOther", held);
        model.put("exclusive", held != null);
        Views.page(ctx, "records/merge", model);
    }

    /** Why the restore page is shown: its heading and words say it. */
    enum Restoring {
        /** The record was deleted while the user edited it: their input is on the page. */
        AFTER_EDIT,
        /** The user's undo of their own delete was refused for its values (say, a unique value taken meanwhile). */
        UNDOING_DELETE,
        /** An admin's restore from the collection's deleted records was refused for its values. */
        FROM_DELETED_LIST
    }

    /** The page offering to restore a record deleted while the user edited it (409, or 422 with messages). */
    public void deletedPage(Context ctx, StoredRecord current, FormInput input, User me) {
        deletedPage(ctx, current, input, me, Restoring.AFTER_EDIT);
    }

    /** The restore page (409, or 422 with messages), in the words of {@code restoring}. */
    void deletedPage(Context ctx, StoredRecord current, FormInput input, User me, Restoring restoring) {
        ctx.status(input.errors().isEmpty() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT);
        Collection collection = records.collectionOf(current);
        Map<String, Object> model = new HashMap<>();
        model.put("record", current);
        model.put("inputs", FieldInputs.of(collection, input.values(), input.errors()));
        FieldInputs.putFields(model, collection, input.removed());
        model.put("comment", input.comment());
        model.put("versionToken", records.versionToken(current, me));
        model.put("sameUser", current.isBy(me));
        model.put("undoingDelete", restoring == Restoring.UNDOING_DELETE);
        model.put("fromList", restoring == Restoring.FROM_DELETED_LIST);
        Views.page(ctx, "records/deleted", model);
    }
}
