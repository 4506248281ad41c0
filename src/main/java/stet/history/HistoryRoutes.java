package stet.history;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.auth.UserService;
import stet.lease.LeaseService;
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
import stet.web.Views;

/**
 * A record's history for everyone who can read it (the list, any version as it was,
 * any two compared), and the admin's tools: revert, undo one change, restore deleted
 * records, and the audit log across all records.
 */
public final class HistoryRoutes {

    static final int PAGE_SIZE = 50;

    private final RecordService records;
    private final RevertService reverts;
    private final CollectionService collections;
    private final AuditRoutes audit;
    private final SaveOutcomePages outcomes;

    public HistoryRoutes(RecordService records, RevertService reverts, CollectionService collections, UserService users,
            AuditStore audit, LeaseService leases, SaveOutcomePages outcomes) {
        this.records = records;
        this.reverts = reverts;
        this.collections = collections;
        this.audit = new AuditRoutes(audit, collections, users, leases);
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
        routes.get("/admin/audit", audit::show, Role.ADMIN);
    }

    private void history(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int before = Forms.queryCount(ctx, "before").orElse(record.version() + 1);
        showHistory(ctx, record, before, null);
    }

    /**
     * The history page of versions below {@code before}; with the compare form's radios
     * on the pair {@code asked} and its problem shown when a comparison could not be made.
     */
    private void showHistory(Context ctx, StoredRecord record, int before, ComparePair asked) {
        List<Revision> page = records.history(record.id(), before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Revision> shown = more ? page.subList(0, PAGE_SIZE) : page;
        HistoryRows.Selection selection = asked == null ? HistoryRows.Selection.defaults(record.version(), shown)
                : new HistoryRows.Selection(record.version(), asked.from(), asked.to());
        Collection collection = records.collectionOf(record);
        Map<String, Object> model = recordModel(record);
        model.put("revisions", HistoryRows.of(record.id(), shown, new FieldLabels(collection.fields()), selection,
                Instant.now()));
        model.put("canCompare", record.version() > 1);
        model.put("compareError", asked == null ? null : asked.problem());
        model.put("newest", before > record.version());
        // Links and the title prepared here: the page reads them as variables, not through OGNL's method calls.
        String base = "/records/" + record.id();
        model.put("recordTitle", collection.titleOf(record.id(), record.data()));
        model.put("recordHref", base);
        model.put("compareAction", base + "/compare");
        model.put("newestHref", base + "/history");
        model.put("nextHref", more ? base + "/history?before=" + shown.get(shown.size() - 1).version() : null);
        Views.page(ctx, "history/history", model);
    }

    /** Two versions compared; a pair that cannot be is shown on the history page, where the user picks again. */
    private void compare(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        ComparePair pair = ComparePair.read(ctx.queryParam("from"), ctx.queryParam("to"), record.version());
        if (!pair.ok()) {
            ctx.status(pair.status());
            showHistory(ctx, record, record.version() + 1, pair);
            return;
        }
        Revision older = records.revision(record.id(), pair.from());
        Revision newer = records.revision(record.id(), pair.to());
        Instant now = Instant.now();
        Map<String, Object> model = recordModel(record);
        model.put("from", older);
        model.put("to", newer);
        model.put("fromTime", When.of(older.createdAt(), now));
        model.put("toTime", When.of(newer.createdAt(), now));
        putComparison(model, records.collectionOf(record), older.data(), newer.data());
        boolean inline = "inline".equals(ctx.queryParam("view"));
        model.put("inline", inline);
        putSteps(model, record, pair, inline);
        Views.page(ctx, "history/compare", model);
    }

    private void revision(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        Revision revision = records.revision(record.id(), version(ctx));
        Map<String, Object> model = recordModel(record);
        model.put("revision", revision);
        model.put("when", When.of(revision.createdAt(), Instant.now()));
        model.put("values", ShownValue.of(records.collectionOf(record), revision.data()));
        Views.page(ctx, "history/revision", model);
    }

    private void revertPreview(Context ctx) {
        StoredRecord record = records.getLive(Forms.pathId(ctx, "id"));
        Revision target = records.revision(record.id(), version(ctx));
        preview(ctx, "revert", record, target, reverts.revertedValues(record, target));
    }

    private void revert(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        String comment = ctx.formParam("comment");
        int target = version(ctx);
        SaveOutcome outcome = reverts.revert(id, target, Forms.requiredInt(ctx, "version"),
                ctx.formParam("version_token"), comment, me);
        // A form shown again (values to fix) keeps the note the revert records.
        outcomes.show(ctx, outcome, me, RevertService.revertNote(target, comment));
    }

    private void undoPreview(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        RevertService.UndoPlan plan = reverts.planUndo(id, version(ctx));
        if (!plan.merge().clean()) {
            outcomes.mergePage(ctx, plan.asConflict(null), me);
            return;
        }
        preview(ctx, "undo", plan.current(), plan.undone(), plan.values());
    }

    private void undo(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User me = Authentication.user(ctx);
        String comment = ctx.formParam("comment");
        int target = version(ctx);
        SaveOutcome outcome = reverts.undo(id, target, Forms.requiredInt(ctx, "version"),
                ctx.formParam("version_token"), comment, me);
        outcomes.show(ctx, outcome, me, RevertService.undoNote(target, comment));
    }

    /** The preview of a revert or an undo: what would change, and the form that does it. */
    private void preview(Context ctx, String action, StoredRecord record, Revision target, Map<String, String> result) {
        Map<String, Object> model = recordModel(record);
        model.put("action", action);
        model.put("revert", action.equals("revert"));
        model.put("target", target);
        model.put("versionToken", records.versionToken(record, Authentication.user(ctx)));
        putComparison(model, records.collectionOf(record), record.data(), result);
        Views.page(ctx, "history/preview", model);
    }

    private void deleted(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        long before = Forms.queryLong(ctx, "before").orElse(Long.MAX_VALUE);
        List<StoredRecord> page = records.deleted(collection, before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<StoredRecord> shown = more ? page.subList(0, PAGE_SIZE) : page;
        User me = Authentication.user(ctx);
        Map<String, String> tokens = new HashMap<>();
        Map<String, Map<String, String>> whens = new HashMap<>();
        Instant now = Instant.now();
        for (StoredRecord r : shown) {
            tokens.put(Long.toString(r.id()), records.versionToken(r, me));
            whens.put(Long.toString(r.id()), When.of(r.updatedAt(), now));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("collection", collection);
        model.put("records", shown);
        model.put("tokens", tokens);
        model.put("whens", whens);
        model.put("nextBefore", more ? shown.get(shown.size() - 1).id() : null);
        Views.page(ctx, "history/deleted", model);
    }

    private Map<String, Object> recordModel(StoredRecord record) {
        Map<String, Object> model = new HashMap<>();
        model.put("record", record);
        model.put("collection", records.collectionOf(record));
        return model;
    }

    /**
     * Links that step through the history one change at a time, as MediaWiki's "older
     * edit" and "newer edit": the change before the pair's older version, the one after its newer.
     */
    private static void putSteps(Map<String, Object> model, StoredRecord record, ComparePair pair, boolean inline) {
        String view = inline ? "&view=inline" : "";
        String base = "/records/" + record.id() + "/compare?from=";
        model.put("olderHref", pair.from() > 1 ? base + (pair.from() - 1) + "&to=" + pair.from() + view : null);
        model.put("newerHref", pair.to() < record.version() ? base + pair.to() + "&to=" + (pair.to() + 1) + view : null);
    }

    private static void putComparison(Map<String, Object> model, Collection collection, Map<String, String> from,
            Map<String, String> to) {
        List<Comparison.Row> rows = Comparison.rows(collection, from, to);
        model.put("changedRows", rows.stream().filter(Comparison.Row::changed).toList());
        model.put("unchangedLabels", rows.stream().filter(r -> !r.changed())
                .map(r -> r.removed() ? FieldLabels.removed(r.key()) : r.label()).toList());
    }

    private static int version(Context ctx) {
        return Forms.pathVersion(ctx, "version");
    }
}
