package stet.record;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.schema.Collection;
import stet.web.Flash;
import stet.web.Forms;
import stet.web.Views;

/**
 * Deleting a record and taking it back: the confirmation page (the way a browser without
 * JavaScript confirms), the version-checked delete, and the undo the person who deleted
 * gets in the flash (and on the deleted record's page) while the delete is the record's
 * latest change. Registered by {@link RecordRoutes}.
 */
final class DeleteRoutes {

    private final RecordService records;
    private final SaveOutcomePages outcomes;

    DeleteRoutes(RecordService records, SaveOutcomePages outcomes) {
        this.records = records;
        this.outcomes = outcomes;
    }

    void register(RoutesConfig routes) {
        routes.get("/records/{id}/delete", this::confirm, Role.EDITOR);
        routes.post("/records/{id}/delete", this::delete, Role.EDITOR);
        routes.post("/records/{id}/undo-delete", this::undo, Role.EDITOR);
    }

    /**
     * What will be deleted, with the form that deletes it. {@code ?version=} is the version
     * the user was looking at: when the record moved on since, the page says so, and shows
     * (and deletes) the current version.
     */
    private void confirm(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        if (record.deleted()) {
            Flash.info(ctx, "This record is already deleted.");
            ctx.redirect("/records/" + record.id(), HttpStatus.SEE_OTHER);
            return;
        }
        Collection collection = records.collectionOf(record);
        Integer seen = Forms.queryCount(ctx, "version").orElse(null);
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", collection);
        model.put("heading", collection.titleOf(record.id(), record.data()));
        model.put("values", FieldInputs.shown(collection, record));
        model.put("versionToken", records.versionToken(record, Authentication.user(ctx)));
        model.put("seenVersion", seen != null && seen != record.version() ? seen : null);
        Views.page(ctx, "records/delete-confirm", model);
    }

    private void delete(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        User me = Authentication.user(ctx);
        String comment = ctx.formParam("comment");
        DeleteOutcome outcome = records.delete(id, version, ctx.formParam("version_token"), comment, me);
        outcome.accept(new DeleteOutcome.Visitor<Void>() {
            @Override
            public Void deleted(DeleteOutcome.Deleted deleted) {
                answerDeleted(ctx, deleted.collection(), deleted.before(), deleted.deletedVersion(), me);
                return null;
            }

            @Override
            public Void repeated(DeleteOutcome.Repeated repeated) {
                // A double click: answered as the first post was, the undo included.
                answerDeleted(ctx, repeated.collection(), repeated.current(), repeated.deletedVersion(), me);
                return null;
            }

            @Override
            public Void stale(DeleteOutcome.Stale stale) {
                ctx.status(HttpStatus.CONFLICT);
                Map<String, Object> model = new HashMap<>();
                model.put("record", stale.current());
                model.put("values", FieldInputs.shown(records.collectionOf(stale.current()), stale.current(), "current-"));
                model.put("baseVersion", stale.baseVersion());
                model.put("versionToken", records.versionToken(stale.current(), me));
                model.put("sameUser", stale.current().isBy(me));
                // What was typed for the delete goes with it, should the user still delete.
                model.put("comment", comment == null ? "" : comment);
                Views.page(ctx, "records/delete-stale", model);
                return null;
            }
        });
    }

    /** The answer to a delete that wrote {@code deletedVersion}: back to the list, with the undo in the flash. */
    private void answerDeleted(Context ctx, Collection collection, StoredRecord record, int deletedVersion, User me) {
        String title = collection.titleOf(record.id(), record.data());
        Flash.success(ctx, "Deleted “" + Flash.quoted(title) + "”. Its history is kept.", new Flash.Action(
                "/records/" + record.id() + "/undo-delete", "Undo", "undo-delete", Map.of(
                        "version", Integer.toString(deletedVersion),
                        "version_token", records.versionToken(record.id(), deletedVersion, me))));
        ctx.redirect("/collections/" + collection.slug(), HttpStatus.SEE_OTHER);
    }

    private void undo(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        User me = Authentication.user(ctx);
        RestoreOutcome outcome = records.undoDelete(id, version, ctx.formParam("version_token"), me);
        outcome.accept(new RestoreOutcome.Visitor<Void>() {
            @Override
            public Void restored(RestoreOutcome.Restored restored) {
                Flash.success(ctx, "Delete undone: the record is back as version " + restored.record().version() + ".");
                ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(RestoreOutcome.Invalid invalid) {
                // Say, another record took its unique value meanwhile: the restore form, with the message.
                outcomes.deletedPage(ctx, invalid.record(),
                        FormInput.of(invalid.validation(), RecordService.UNDO_DELETE_NOTE), me,
                        SaveOutcomePages.Restoring.UNDOING_DELETE);
                return null;
            }

            @Override
            public Void stale(RestoreOutcome.Stale stale) {
                StoredRecord current = stale.current();
                String who = current.isBy(me) ? "you" : current.updatedBy() == null ? "someone" : current.updatedBy();
                Flash.warning(ctx, "Not undone: the record changed after your delete ("
                        + (current.deleted() ? "deleted again" : "restored") + " by " + who + ", now version "
                        + current.version() + "). Nothing was changed.");
                ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
                return null;
            }
        });
    }
}
