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
        renderEdit(ctx, record, record.version(), record.data(), Map.of(), "");
    }

    private void save(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        String comment = ctx.formParam("comment");
        User me = Authentication.user(ctx);
        RecordService.SaveOutcome outcome =
                records.save(id, version, ctx.formParam("version_token"), Forms.all(ctx), comment, me);
        if (outcome instanceof RecordService.SaveOutcome.Saved saved) {
            Flash.success(ctx, "Saved version " + saved.record().version() + ".");
            ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.SaveOutcome.Unchanged) {
            Flash.info(ctx, "Nothing changed, so nothing was saved.");
            ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
        } else if (outcome instanceof RecordService.SaveOutcome.Invalid invalid) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            Validation.Result v = invalid.validation();
            renderEdit(ctx, invalid.record(), version, v.input(), v.errors(), comment);
        } else if (outcome instanceof RecordService.SaveOutcome.Stale stale) {
            renderStale(ctx, stale, me);
        }
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

    private void renderEdit(
            Context ctx, StoredRecord record, int version, Map<String, String> values, Map<String, String> errors, String comment) {
        User me = Authentication.user(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        model.put("values", values);
        model.put("errors", errors);
        model.put("version", version);
        model.put("versionToken", records.versionToken(record.id(), version, me));
        model.put("comment", comment == null ? "" : comment);
        model.put("action", "/records/" + record.id());
        ctx.render("records/form", model);
    }

    private void renderStale(Context ctx, RecordService.SaveOutcome.Stale stale, User me) {
        StoredRecord current = stale.current();
        if (current == null) {
            throw new NotFoundException("The record no longer exists.");
        }
        ctx.status(HttpStatus.CONFLICT);
        Map<String, Object> model = new HashMap<>();
        model.put("record", current);
        model.put("collection", records.collectionOf(current));
        model.put("yours", stale.yours());
        model.put("baseVersion", stale.baseVersion());
        model.put("comment", stale.comment() == null ? "" : stale.comment());
        model.put("versionToken", records.versionToken(current, me));
        model.put("sameUser", isBy(current, me));
        ctx.render("records/stale", model);
    }

    /** Whether {@code me} wrote the record's current version (say, in another tab). */
    private static boolean isBy(StoredRecord record, User me) {
        return record.updatedById() != null && record.updatedById() == me.id();
    }
}
