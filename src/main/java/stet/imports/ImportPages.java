package stet.imports;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.error.BadRequestException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.export.CsvExport;
import stet.web.ErrorPages;
import stet.web.Flash;
import stet.web.Forms;
import stet.web.Views;

/**
 * The import pages: the upload form of a collection, an import's preview (counts and every
 * row, paged) with its apply form, its progress while it is applied, the rejected rows as
 * CSV, and an admin's revert. The rows are described by {@link ImportRowViews}.
 */
public final class ImportPages {

    /** Rows per page of the preview. */
    static final int PAGE = 50;

    private final ImportService imports;
    private final CollectionService collections;
    private final ImportRowViews rowViews;

    public ImportPages(ImportService imports, CollectionService collections, ImportRowViews rowViews) {
        this.imports = imports;
        this.collections = collections;
        this.rowViews = rowViews;
    }

    public void register(RoutesConfig routes) {
        routes.get("/collections/{slug}/import", this::uploadForm, Role.EDITOR);
        routes.post("/collections/{slug}/import", this::upload, Role.EDITOR);
        routes.get("/imports/{id}", this::preview, Role.EDITOR);
        routes.get("/imports/{id}/progress", this::progress, Role.EDITOR);
        routes.post("/imports/{id}/apply", this::apply, Role.EDITOR);
        routes.get("/imports/{id}/rejected.csv", ctx -> ImportRoutes.rejected(imports, ctx), Role.EDITOR);
        routes.post("/imports/{id}/revert", this::revert, Role.ADMIN);
    }

    private void uploadForm(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        renderUpload(ctx, collection, "", null);
    }

    private void upload(Context ctx) throws IOException {
        Collection collection = collections.get(ctx.pathParam("slug"));
        String match = ctx.formParam("match") == null ? "" : ctx.formParam("match");
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null || file.filename().isBlank()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderUpload(ctx, collection, match, "Choose a CSV file to import.");
            return;
        }
        long id;
        try (InputStream content = file.content()) {
            id = imports.upload(collection, content, match.isBlank() ? null : match, Authentication.user(ctx));
        } catch (ImportException e) {
            ctx.status(ErrorPages.statusOf(e.reason()));
            renderUpload(ctx, collection, match, e.getMessage());
            return;
        }
        ctx.redirect("/imports/" + id, HttpStatus.SEE_OTHER);
    }

    private void renderUpload(Context ctx, Collection collection, String match, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("heading", "Import into " + collection.name());
        model.put("columns", String.join(",", CsvExport.header(collection)));
        List<Map<String, Object>> options = new ArrayList<>();
        for (FieldDef field : collection.fields()) {
            if (field.unique()) {
                options.add(Map.of("key", field.key(), "label", field.label(), "selected", field.key().equals(match)));
            }
        }
        model.put("matchOptions", options);
        model.put("error", error);
        model.put("exportHref", "/collections/" + collection.slug() + "/export.csv");
        Views.page(ctx, "imports/upload", model);
    }

    private void preview(Context ctx) {
        showPreview(ctx, Forms.pathId(ctx, "id"), null);
    }

    /** The import's page; {@code refused} (or null) says why the action just asked for was not done. */
    private void showPreview(Context ctx, long id, String refused) {
        ImportJob job = imports.find(id);
        RowOutcome shown = outcome(ctx.queryParam("outcome"));
        int after = Forms.queryCount(ctx, "after").orElse(0);
        RowPage page = imports.rows(job.id(), shown, after, PAGE);
        Collection collection = collections.find(job.collectionId()).orElseThrow();
        User me = Authentication.user(ctx);
        Map<String, Object> model = ImportPreview.model(job, collection, shown, after, page,
                rowViews.of(collection, page.rows()), me);
        model.put("refused", refused);
        Views.page(ctx, "imports/preview", model);
    }

    private void progress(Context ctx) {
        ctx.json(ImportRoutes.describe(imports.find(Forms.pathId(ctx, "id"))));
    }

    private void apply(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        Set<Skip> skip = EnumSet.noneOf(Skip.class);
        if ("rejected".equals(ctx.formParam("skip"))) {
            skip = EnumSet.allOf(Skip.class);
        } else if (ctx.formParam("skip") != null && !ctx.formParam("skip").equals("none")) {
            throw new BadRequestException("skip must be 'rejected' or 'none'.");
        }
        try {
            imports.apply(id, skip, Authentication.user(ctx));
        } catch (ImportException e) {
            refuse(ctx, id, e);
            return;
        }
        Flash.success(ctx, "Applying the import: the rows are written in batches; this page shows how far it has come.");
        ctx.redirect("/imports/" + id, HttpStatus.SEE_OTHER);
    }

    private void revert(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        RevertReport report;
        try {
            report = imports.revert(id, Authentication.user(ctx));
        } catch (ImportException e) {
            refuse(ctx, id, e);
            return;
        }
        ImportJob job = imports.find(id);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("job", job);
        model.put("heading", "Import " + id + " reverted");
        model.put("report", report);
        model.put("backHref", "/imports/" + id);
        Views.page(ctx, "imports/reverted", model);
    }

    /**
     * An apply or revert the import's state does not allow: its status (409, as the API's), with
     * the import's page and why, so the person sees where the import is rather than an error page.
     */
    private void refuse(Context ctx, long id, ImportException e) {
        ctx.status(ErrorPages.statusOf(e.reason()));
        showPreview(ctx, id, e.getMessage());
    }

    /**
     * The preview's page cursor: the line the previous page ended on (0, or none: the first
     * page). A line is an int; anything else (past 2,147,483,647, negative, not a number) stet
     * did not make, and is a 400 like every page's bad cursor.
     */
    /** The {@code outcome} filter of the preview: one outcome, or null for every row. */
    private static RowOutcome outcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (RowOutcome outcome : RowOutcome.values()) {
            if (outcome.dbName().equals(value)) {
                return outcome;
            }
        }
        throw new BadRequestException("outcome must be one of new, changed, unchanged, invalid or stale.");
    }
}
