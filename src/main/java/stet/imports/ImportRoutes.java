package stet.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.error.BadRequestException;
import stet.schema.CollectionService;
import stet.web.Forms;

/**
 * The import routes of the API: upload a CSV file ({@code text/csv} body, 202 with the
 * import's address), read an import's state and counts, start applying it, and (admins)
 * revert it. Errors answer JSON ({@code stet.web.ErrorPages}).
 */
public final class ImportRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportService imports;
    private final CollectionService collections;

    public ImportRoutes(ImportService imports, CollectionService collections) {
        this.imports = imports;
        this.collections = collections;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/collections/{slug}/imports", this::upload, Role.EDITOR);
        routes.get("/api/v1/imports/{id}", this::show, Role.EDITOR);
        routes.post("/api/v1/imports/{id}/apply", this::apply, Role.EDITOR);
        routes.get("/api/v1/imports/{id}/rejected.csv", ctx -> rejected(imports, ctx), Role.EDITOR);
        routes.post("/api/v1/imports/{id}/revert", this::revert, Role.ADMIN);
    }

    private void upload(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType().strip().toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/csv")) {
            throw new ImportException(ImportException.Reason.NOT_CSV,
                    "Send the file as the request body with Content-Type: text/csv.");
        }
        long id = imports.upload(collections.get(ctx.pathParam("slug")), ctx.bodyInputStream(), ctx.queryParam("match"),
                Authentication.user(ctx));
        ctx.header("Location", "/api/v1/imports/" + id);
        ctx.status(HttpStatus.ACCEPTED).json(describe(imports.find(id)));
    }

    private void show(Context ctx) {
        ctx.json(describe(imports.find(Forms.pathId(ctx, "id"))));
    }

    private void apply(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        ImportJob job = imports.apply(id, skip(ctx.body()), Authentication.user(ctx));
        ctx.header("Location", "/api/v1/imports/" + id);
        ctx.status(HttpStatus.ACCEPTED).json(describe(job));
    }

    /** The rejected rows of import {@code id} as a CSV attachment (the import page's link and the API's route). */
    static void rejected(ImportService imports, Context ctx) {
        // Found first: an unknown import is a 404 page, not an empty CSV file.
        long id = imports.find(Forms.pathId(ctx, "id")).id();
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"import-" + id + "-rejected.csv\"");
        imports.rejectedCsv(id, ctx.outputStream());
    }

    private void revert(Context ctx) {
        RevertReport report = imports.revert(Forms.pathId(ctx, "id"), Authentication.user(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reverted", report.reverted());
        body.put("deleted", report.deleted());
        body.put("changedSince", report.changedSince().stream().map(c -> Map.of("record", c.recordId(),
                "importVersion", c.importVersion(), "currentVersion", c.currentVersion(), "deleted", c.deleted(),
                "link", "/records/" + c.recordId() + "/history")).toList());
        body.put("refused", report.refused().stream().map(r -> Map.of("record", r.recordId(), "error", r.message()))
                .toList());
        ctx.json(body);
    }

    /** The optional body of an apply: {@code {"skip": ["conflict", "invalid"]}}. */
    static Set<Skip> skip(String body) {
        Set<Skip> skip = EnumSet.noneOf(Skip.class);
        if (body == null || body.isBlank()) {
            return skip;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("The body must be JSON such as {\"skip\": [\"conflict\", \"invalid\"]}.");
        }
        JsonNode names = json == null ? null : json.get("skip");
        if (names == null || names.isNull()) {
            return skip;
        }
        if (!names.isArray()) {
            throw new BadRequestException("\"skip\" must be a list of \"conflict\" and \"invalid\".");
        }
        for (JsonNode name : names) {
            skip.add(Skip.named(name.asText()).orElseThrow(() -> new BadRequestException(
                    "\"skip\" may name \"conflict\" and \"invalid\", not \"" + name.asText() + "\".")));
        }
        return skip;
    }

    /** An import as the API shows it. */
    static Map<String, Object> describe(ImportJob job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("collection", job.collectionSlug());
        body.put("state", job.state().dbName());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RowOutcome outcome : RowOutcome.values()) {
            counts.put(outcome.dbName(), job.count(outcome));
        }
        body.put("counts", counts);
        body.put("conflicts", job.conflicts());
        body.put("applied", job.applied());
        body.put("total", job.total());
        body.put("match", job.matchField());
        body.put("columns", job.columns());
        body.put("skip", job.skip().stream().map(Skip::dbName).sorted().toList());
        body.put("uploadedBy", job.uploaderName());
        body.put("createdAt", job.createdAt().toString());
        body.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        body.put("failure", job.failure());
        body.put("revertedAt", job.revertedAt() == null ? null : job.revertedAt().toString());
        return body;
    }
}
