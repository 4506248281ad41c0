package stet.history;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.auth.UserService;
import stet.error.BadRequestException;
import stet.error.NotFoundException;
import stet.record.Comparison;
import stet.record.RecordService;
import stet.record.RevertService;
import stet.record.Revision;
import stet.record.SaveOutcome;
import stet.record.SaveOutcomePages;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.web.Forms;

/**
 * A record's history for everyone who can read it (the list, any version as it was,
 * any two compared), and the admin's tools: revert, undo one change, restore deleted
 * records, and the audit log across all records.
 */
public final class HistoryRoutes {

    static final int PAGE_SIZE = 50;
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final RecordService records;
    private final RevertService reverts;
    private final CollectionService collections;
    private final UserService users;
    private final AuditStore audit;
    private final SaveOutcomePages outcomes;

    public HistoryRoutes(RecordService records, RevertService reverts, CollectionService collections, UserService users,
            AuditStore audit, SaveOutcomePages outcomes) {
        this.records = records;
        this.reverts = reverts;
        this.collections = collections;
        this.users = users;
        this.audit = audit;
        this.outcomes = outcomes;
    }

    public void register(RoutesConfig routes) {
        routes.get("/records/{id}/history", this::history, Role.EDITOR);
        routes.get("/records/{id}/compare", this::compare, Role.EDITOR);
        routes.get("/records/{id}/revisions/{version}", this::revision, Role.EDITOR);
        routes.get("/records/{id}/revert/{version}", this::revertPreview, Role.ADMIN);
        routes.post("/records/{id}/revert/{version}", this::revert, Role.ADMIN);
        routes.get("/records/{id}/undo/{version}", this::undoPreview, Role.ADMIN);
        routes.post("/records/{id}/undo/{version}", this::undo, Role.ADMIN);
        routes.get("/collections/{slug}/deleted", this::deleted, Role.ADMIN);
        routes.get("/admin/audit", this::audit, Role.ADMIN);
    }

    private void history(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int before = Forms.queryLong(ctx, "before").map(Long::intValue).orElse(record.version() + 1);
        List<Revision> page = records.history(record.id(), before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Revision> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<String, Object> model = recordModel(record);
        model.put("revisions", HistoryRows.of(record.id(), shown));
        model.put("nextBefore", more ? shown.get(shown.size() - 1).version() : null);
        model.put("newest", before > record.version());
        ctx.render("history/history", model);
    }

    private void compare(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int from = Forms.queryLong(ctx, "from").map(Long::intValue).orElse(Math.max(1, record.version() - 1));
        int to = Forms.queryLong(ctx, "to").map(Long::intValue).orElse(record.version());
        Revision older = records.revision(record.id(), from);
        Revision newer = records.revision(record.id(), to);
        Map<String, Object> model = recordModel(record);
        model.put("from", older);
        model.put("to", newer);
        putComparison(model, records.collectionOf(record), older.data(), newer.data());
        model.put("inline", "inline".equals(ctx.queryParam("view")));
        ctx.render("history/compare", model);
    }

    private void revision(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        Revision revision = records.revision(record.id(), version(ctx));
        Map<String, Object> model = recordModel(record);
        model.put("revision", revision);
        ctx.render("history/revision", model);
    }

    private void revertPreview(Context ctx) {
        StoredRecord record = records.getLive(Forms.pathId(ctx, "id"));
        Revision target = records.revision(record.id(), version(ctx));
        preview(ctx, "revert", record, target, target.data());
    }

    private void revert(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        String comment = ctx.formParam("comment");
        SaveOutcome outcome = reverts.revert(id, version(ctx), Forms.requiredInt(ctx, "version"),
                ctx.formParam("version_token"), comment, me);
        outcomes.show(ctx, outcome, me, comment);
    }

    private void undoPreview(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        RevertService.UndoPlan plan = reverts.planUndo(id, version(ctx));
        if (!plan.merge().clean()) {
            outcomes.mergePage(ctx, plan.asConflict(null), me);
            return;
        }
        preview(ctx, "undo", plan.current(), plan.undone(), plan.merge().merged());
    }

    private void undo(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        String comment = ctx.formParam("comment");
        SaveOutcome outcome = reverts.undo(id, version(ctx), Forms.requiredInt(ctx, "version"),
                ctx.formParam("version_token"), comment, me);
        outcomes.show(ctx, outcome, me, comment);
    }

    /** The preview of a revert or an undo: what would change, and the form that does it. */
    private void preview(Context ctx, String action, StoredRecord record, Revision target, Map<String, String> result) {
        Map<String, Object> model = recordModel(record);
        model.put("action", action);
        model.put("revert", action.equals("revert"));
        model.put("target", target);
        model.put("versionToken", records.versionToken(record, Authentication.user(ctx)));
        putComparison(model, records.collectionOf(record), record.data(), result);
        ctx.render("history/preview", model);
    }

    private void deleted(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        long before = Forms.queryLong(ctx, "before").orElse(Long.MAX_VALUE);
        List<StoredRecord> page = records.deleted(collection, before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<StoredRecord> shown = more ? page.subList(0, PAGE_SIZE) : page;
        User me = Authentication.user(ctx);
        Map<String, String> tokens = new HashMap<>();
        shown.forEach(r -> tokens.put(Long.toString(r.id()), records.versionToken(r, me)));
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("records", shown);
        model.put("tokens", tokens);
        model.put("nextBefore", more ? shown.get(shown.size() - 1).id() : null);
        ctx.render("history/deleted", model);
    }

    private void audit(Context ctx) {
        Map<String, String> input = new HashMap<>();
        for (String name : List.of("user", "collection", "kind", "from", "to")) {
            input.put(name, ctx.queryParam(name) == null ? "" : ctx.queryParam(name).trim());
        }
        AuditStore.Filter filter = new AuditStore.Filter(
                input.get("user").isEmpty() ? null : Forms.queryLong(ctx, "user").orElse(null),
                input.get("collection").isEmpty() ? null : collections.get(input.get("collection")).id(),
                input.get("kind").isEmpty() ? null : kind(input.get("kind")),
                day(input.get("from"), "from", 0),
                day(input.get("to"), "to", 1),
                cursor(ctx.queryParam("after")));
        List<AuditEntry> page = audit.page(filter, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<AuditEntry> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<String, Object> model = new HashMap<>();
        model.put("entries", shown);
        model.put("input", input);
        model.put("users", users.all());
        model.put("collections", collections.all());
        model.put("kinds", Arrays.stream(Revision.Kind.values()).map(Revision.Kind::dbName).toList());
        model.put("next", more ? shown.get(shown.size() - 1).cursor() : null);
        model.put("first", filter.after() == null);
        ctx.render("history/audit", model);
    }

    private Map<String, Object> recordModel(StoredRecord record) {
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        return model;
    }

    private static void putComparison(Map<String, Object> model, Collection collection, Map<String, String> from,
            Map<String, String> to) {
        List<Comparison.Row> rows = Comparison.rows(collection, from, to);
        model.put("changedRows", rows.stream().filter(Comparison.Row::changed).toList());
        model.put("unchangedLabels", rows.stream().filter(r -> !r.changed()).map(Comparison.Row::label).toList());
    }

    private static int version(Context ctx) {
        String raw = ctx.pathParam("version");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundException("There is no version '" + raw + "'.");
        }
    }

    private static Revision.Kind kind(String value) {
        try {
            return Revision.Kind.fromDb(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Unknown kind of change '" + value + "'.");
        }
    }

    /** A day as the start of that day (UTC), plus {@code plusDays}: "to" includes its whole day. */
    private static OffsetDateTime day(String value, String name, int plusDays) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            // Four-digit years only: LocalDate also reads "+999999999-01-01", which PostgreSQL cannot hold.
            if (DAY.matcher(value).matches()) {
                LocalDate day = LocalDate.parse(value);
                if (day.getYear() >= 1) {
                    return day.plusDays(plusDays).atStartOfDay().atOffset(ZoneOffset.UTC);
                }
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new BadRequestException("'" + name + "' must be a date as YYYY-MM-DD.");
    }

    private static AuditStore.Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split("~");
        try {
            OffsetDateTime time = OffsetDateTime.parse(parts[0]);
            // The cursor is a time stet wrote; one outside the years PostgreSQL holds was made up.
            if (time.getYear() >= 1 && time.getYear() <= 9999) {
                return new AuditStore.Cursor(time, Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new BadRequestException("The page cursor 'after' is not valid; start from the first page.");
    }
}
