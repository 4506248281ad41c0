package stet.schema;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.web.Flash;
import stet.web.Forms;
import stet.web.Views;

/** The collection list and the admin's collection editor. */
public final class CollectionRoutes {

    /** Empty rows offered for new fields; "More field rows" adds this many again. */
    static final int BLANK_ROWS = 3;

    private final CollectionService collections;

    public CollectionRoutes(CollectionService collections) {
        this.collections = collections;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/collections", HttpStatus.SEE_OTHER), Role.EDITOR);
        routes.get("/collections", this::index, Role.EDITOR);
        routes.get("/admin/collections/new", this::newForm, Role.ADMIN);
        routes.post("/admin/collections", this::create, Role.ADMIN);
        routes.get("/collections/{slug}/edit", this::editForm, Role.ADMIN);
        routes.post("/collections/{slug}", this::update, Role.ADMIN);
    }

    private void index(Context ctx) {
        Views.page(ctx, "collections/index", Map.of("collections", collections.all()));
    }

    private void newForm(Context ctx) {
        renderNew(ctx, CollectionForm.withBlankRows(new CollectionForm("", "", false, false, "", List.of()), BLANK_ROWS + 2), Map.of());
    }

    private void create(Context ctx) {
        CollectionForm form = CollectionForm.parse(Forms.all(ctx));
        if (ctx.formParam("add_rows") != null) {
            renderNew(ctx, CollectionForm.withBlankRows(form, BLANK_ROWS), Map.of());
            return;
        }
        CollectionService.Outcome outcome = collections.create(form, Authentication.user(ctx));
        outcome.accept(new CollectionService.Outcome.Visitor<Void>() {
            @Override
            public Void saved(CollectionService.Outcome.Saved saved) {
                Flash.success(ctx, "Created the collection " + saved.collection().name() + ".");
                ctx.redirect("/collections/" + saved.collection().slug(), HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(CollectionService.Outcome.Invalid invalid) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                renderNew(ctx, invalid.form(), invalid.errors());
                return null;
            }

            @Override
            public Void stale(CollectionService.Outcome.Stale stale) {
                // A new collection has no earlier version to be stale against.
                throw new IllegalStateException("creating a collection cannot be stale");
            }
        });
    }

    private void editForm(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        CollectionForm form = CollectionForm.of(collection, BLANK_ROWS);
        renderEdit(ctx, collection, collection.version(), form, Map.of(), null);
    }

    private void update(Context ctx) {
        String slug = ctx.pathParam("slug");
        int version = Forms.requiredInt(ctx, "version");
        String token = ctx.formParam("version_token");
        User me = Authentication.user(ctx);
        CollectionForm form = withSlug(CollectionForm.parse(Forms.all(ctx)), slug);
        if (ctx.formParam("add_rows") != null) {
            Collection collection = collections.get(slug);
            renderEdit(ctx, collection, version, CollectionForm.withBlankRows(form, BLANK_ROWS), Map.of(), null);
            return;
        }
        CollectionService.Outcome outcome = collections.update(slug, version, token, form, me);
        outcome.accept(new CollectionService.Outcome.Visitor<Void>() {
            @Override
            public Void saved(CollectionService.Outcome.Saved saved) {
                Flash.success(ctx, saved.changed()
                        ? "Saved the definition of " + saved.collection().name() + " (version "
                                + saved.collection().version() + ")."
                        : "Nothing changed in the definition of " + saved.collection().name() + "; it stays at version "
                                + saved.collection().version() + ".");
                ctx.redirect("/collections/" + slug, HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(CollectionService.Outcome.Invalid invalid) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                renderEdit(ctx, collections.get(slug), version, invalid.form(), invalid.errors(), null);
                return null;
            }

            @Override
            public Void stale(CollectionService.Outcome.Stale stale) {
                ctx.status(HttpStatus.CONFLICT);
                // The form keeps what the admin typed; it now carries the current version, so
                // saving again is a deliberate choice made after seeing the newer definition.
                renderEdit(ctx, stale.current(), stale.current().version(), stale.form(), Map.of(), stale.current());
                return null;
            }
        });
    }

    private void renderNew(Context ctx, CollectionForm form, Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("errors", errors);
        model.put("summary", CollectionForm.summary(errors));
        model.put("types", FieldType.values());
        model.put("action", "/admin/collections");
        Views.page(ctx, "collections/form", model);
    }

    private void renderEdit(
            Context ctx, Collection collection, int version, CollectionForm form, Map<String, String> errors, Collection newer) {
        User me = Authentication.user(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("form", form);
        model.put("errors", errors);
        model.put("summary", CollectionForm.summary(errors));
        model.put("types", FieldType.values());
        model.put("version", version);
        model.put("versionToken", collections.versionToken(collection.id(), version, me));
        model.put("newer", newer);
        model.put("action", "/collections/" + collection.slug());
        Views.page(ctx, "collections/form", model);
    }

    private static CollectionForm withSlug(CollectionForm form, String slug) {
        return new CollectionForm(form.name(), slug, form.confirmMerges(), form.exclusive(), form.leaseMinutes(), form.rows());
    }
}
