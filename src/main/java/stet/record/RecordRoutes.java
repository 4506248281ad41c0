package stet.record;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.error.NotFoundException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.Validation;
import stet.web.Flash;
import stet.web.Forms;

/** The record pages: list, show, create, edit, save, delete and history. */
public final class RecordRoutes {

    static final int PAGE_SIZE = 50;

    private final RecordService records;
    private final CollectionService collections;

    public RecordRoutes(RecordService records, CollectionService collections) {
        this.records = records;
        this.collections = collections;
    }

    public void register(RoutesConfig routes) {
        routes.get("/collections/{slug}", this::list, Role.EDITOR);
        routes.get("/collections/{slug}/new", this::newForm, Role.EDITOR);
        routes.post("/collections/{slug}/new", this::create, Role.EDITOR);
        routes.get("/records/{id}", this::show, Role.EDITOR);
        routes.get("/records/{id}/edit", this::editForm, Role.EDITOR);
        routes.post("/records/{id}", this::save, Role.EDITOR);
        routes.post("/records/{id}/delete", this::delete, Role.EDITOR);
        routes.get("/records/{id}/history", this::history, Role.EDITOR);
        routes.get("/records/{id}/compare", this::compare, Role.EDITOR);
        routes.post("/records/{id}/restore", this::restore, Role.EDITOR);
    }

    private void list(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        long after = Forms.queryLong(ctx, "after").orElse(0L);
        List<StoredRecord> page = records.page(collection, after, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<StoredRecord> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("records", shown);
        model.put("nextAfter", more ? shown.get(shown.size() - 1).id() : null);
        model.put("first", after == 0);
        ctx.render("records/list", model);
    }

    private void newForm(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        renderCreate(ctx, collection, Map.of(), Map.of(), UUID.randomUUID().toString(), "");
    }

    private void create(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        String key = ctx.formParam("idempotency_key");
        String comment = ctx.formParam("comment");
        RecordService.CreateOutcome outcome =
                records.create(collection, Forms.all(ctx), key, comment, Authentication.user(ctx));
        if (outcome instanceof RecordService.CreateOutcome.Created created) {
            if (!created.replayed()) {
                Flash.success(ctx, "Created.");
            }
            ctx.redirect("/records/" + created.record().id(), HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.CreateOutcome.Invalid invalid) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderCreate(ctx, collection, invalid.validation().input(), invalid.validation().errors(), key, comment);
        }
    }

    private void show(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        User me = Authentication.user(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        model.put("versionToken", records.versionToken(record, me));
        ctx.render("records/show", model);
    }

    private void editForm(Context ctx) {
        StoredRecord record = records.getLive(Forms.pathId(ctx, "id"));
        renderEdit(ctx, record, record.version(), null, record.data(), Map.of(), "");
    }

    private void save(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        Integer mergeBase = Forms.optionalInt(ctx, "merge_base").orElse(null);
        String comment = ctx.formParam("comment");
        User me = Authentication.user(ctx);
        RecordService.SaveOutcome outcome = records.save(new RecordService.SaveRequest(
                id, version, ctx.formParam("version_token"), Forms.all(ctx), comment, mergeBase), me);
        if (outcome instanceof RecordService.SaveOutcome.Saved saved) {
            flashSaved(ctx, saved, me);
            ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.SaveOutcome.Unchanged) {
            Flash.info(ctx, "Nothing changed, so nothing was saved.");
            ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.SaveOutcome.Invalid invalid) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            Validation.Result v = invalid.validation();
            renderEdit(ctx, invalid.record(), invalid.version(), invalid.mergeBase(), v.input(), v.errors(), comment);
        } else if (outcome instanceof RecordService.SaveOutcome.Conflict conflict) {
            renderMerge(ctx, conflict, me);
        } else if (outcome instanceof RecordService.SaveOutcome.Deleted deleted) {
            renderDeleted(ctx, deleted.current(), deleted.yours(), deleted.comment(), Map.of(), me);
        }
    }

    private void restore(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        String comment = ctx.formParam("comment");
        User me = Authentication.user(ctx);
        RecordService.RestoreOutcome outcome =
                records.restore(id, version, ctx.formParam("version_token"), Forms.all(ctx), comment, me);
        if (outcome instanceof RecordService.RestoreOutcome.Restored restored) {
            Flash.success(ctx, "Restored as version " + restored.record().version() + ".");
            ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.RestoreOutcome.Invalid invalid) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderDeleted(ctx, invalid.record(), invalid.validation().input(), comment, invalid.validation().errors(), me);
        } else if (outcome instanceof RecordService.RestoreOutcome.Stale stale) {
            Map<String, String> yours = Validation.validate(records.collectionOf(stale.current()), Forms.all(ctx)).input();
            if (stale.current().deleted()) {
                renderDeleted(ctx, stale.current(), yours, comment, Map.of(), me);
            } else {
                // Someone else restored or changed it meanwhile: edit it from their version, with what was typed.
                ctx.status(HttpStatus.CONFLICT);
                renderEdit(ctx, stale.current(), stale.current().version(), null, yours,
                        Map.of("record", "Someone restored this record while you were deciding. Your values are in the"
                                + " form below; saving them replaces theirs."), comment);
            }
        }
    }

    private void compare(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int from = Forms.queryLong(ctx, "from").map(Long::intValue).orElse(Math.max(1, record.version() - 1));
        int to = Forms.queryLong(ctx, "to").map(Long::intValue).orElse(record.version());
        Revision older = records.revision(record.id(), from);
        Revision newer = records.revision(record.id(), to);
        Collection collection = records.collectionOf(record);
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", collection);
        model.put("from", older);
        model.put("to", newer);
        List<Comparison.Row> rows = Comparison.rows(collection, older.data(), newer.data());
        model.put("changedRows", rows.stream().filter(Comparison.Row::changed).toList());
        model.put("unchangedLabels", rows.stream().filter(r -> !r.changed()).map(Comparison.Row::label).toList());
        model.put("inline", "inline".equals(ctx.queryParam("view")));
        ctx.render("records/compare", model);
    }

    private void flashSaved(Context ctx, RecordService.SaveOutcome.Saved saved, User me) {
        StoredRecord record = saved.record();
        if (saved.merge() == null) {
            Flash.success(ctx, "Saved version " + record.version() + ".");
            return;
        }
        MergeSummary merge = saved.merge();
        Flash.success(ctx, merge.describe(records.collectionOf(record), me.id()),
                "/records/" + record.id() + "/compare?from=" + merge.baseVersion() + "&to=" + record.version(),
                "See both changes");
    }

    private void delete(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        User me = Authentication.user(ctx);
        RecordService.DeleteOutcome outcome =
                records.delete(id, version, ctx.formParam("version_token"), ctx.formParam("comment"), me);
        if (outcome instanceof RecordService.DeleteOutcome.Deleted deleted) {
            Collection collection = records.collectionOf(deleted.before());
            Flash.success(ctx, "Deleted record " + id + ". Its history is kept.");
            ctx.redirect("/collections/" + collection.slug(), HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.DeleteOutcome.Stale stale) {
            ctx.status(HttpStatus.CONFLICT);
            Map<String, Object> model = new HashMap<>();
            model.put("record", stale.current());
            model.put("collection", records.collectionOf(stale.current()));
            model.put("baseVersion", stale.baseVersion());
            model.put("versionToken", records.versionToken(stale.current(), me));
            model.put("sameUser", isBy(stale.current(), me));
            ctx.render("records/delete-stale", model);
        }
    }

    private void history(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int before = Forms.queryLong(ctx, "before").map(Long::intValue).orElse(record.version() + 1);
        List<Revision> page = records.history(record.id(), before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Revision> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        model.put("revisions", shown);
        model.put("nextBefore", more ? shown.get(shown.size() - 1).version() : null);
        ctx.render("records/history", model);
    }

    private void renderCreate(
            Context ctx, Collection collection, Map<String, String> values, Map<String, String> errors, String key, String comment) {
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("values", values);
        model.put("errors", errors);
        model.put("idempotencyKey", key == null ? UUID.randomUUID().toString() : key);
        model.put("comment", comment == null ? "" : comment);
        model.put("action", "/collections/" + collection.slug() + "/new");
        ctx.render("records/form", model);
    }

    private void renderEdit(Context ctx, StoredRecord record, int version, Integer mergeBase, Map<String, String> values,
            Map<String, String> errors, String comment) {
        User me = Authentication.user(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        model.put("values", values);
        model.put("errors", errors);
        model.put("version", version);
        model.put("versionToken", records.versionToken(record.id(), version, me));
        model.put("mergeBase", mergeBase);
        model.put("comment", comment == null ? "" : comment);
        model.put("action", "/records/" + record.id());
        ctx.render("records/form", model);
    }

    private void renderMerge(Context ctx, RecordService.SaveOutcome.Conflict conflict, User me) {
        StoredRecord theirs = conflict.theirs();
        Collection collection = records.collectionOf(theirs);
        boolean sameUser = isBy(theirs, me);
        String theirsName = sameUser ? "your other tab" : theirs.updatedBy() == null ? "someone" : theirs.updatedBy();
        ctx.status(HttpStatus.CONFLICT);
        Map<String, Object> model = new HashMap<>();
        model.put("record", theirs);
        model.put("collection", collection);
        model.put("original", conflict.original());
        model.put("theirsRevision", records.revision(theirs.id(), theirs.version()));
        model.put("rows", MergePage.rows(collection, conflict, theirsName));
        model.put("unchanged", MergePage.unchanged(collection, conflict));
        model.put("choices", MergePage.HUNK_CHOICES);
        model.put("versionToken", records.versionToken(theirs, me));
        model.put("comment", conflict.comment() == null ? "" : conflict.comment());
        model.put("sameUser", sameUser);
        model.put("theirsName", theirsName);
        model.put("confirmOnly", conflict.confirmOnly());
        model.put("hasErrors", !conflict.errors().isEmpty());
        ctx.render("records/merge", model);
    }

    private void renderDeleted(Context ctx, StoredRecord current, Map<String, String> yours, String comment,
            Map<String, String> errors, User me) {
        ctx.status(errors.isEmpty() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT);
        Map<String, Object> model = new HashMap<>();
        model.put("record", current);
        model.put("collection", records.collectionOf(current));
        model.put("yours", yours);
        model.put("errors", errors);
        model.put("comment", comment == null ? "" : comment);
        model.put("versionToken", records.versionToken(current, me));
        model.put("sameUser", isBy(current, me));
        ctx.render("records/deleted", model);
    }

    /** Whether {@code me} wrote the record's current version (say, in another tab). */
    private static boolean isBy(StoredRecord record, User me) {
        return record.updatedById() != null && record.updatedById() == me.id();
    }
}
