package stet.record;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.lease.Lease;
import stet.lease.LeaseService;
import stet.error.BadRequestException;
import stet.error.ForbiddenException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.Validation;
import stet.web.Flash;
import stet.web.Forms;
import stet.web.Views;

/** The record pages: list, show, create, edit, save and restore; deleting is {@link DeleteRoutes}' part. */
public final class RecordRoutes {

    static final int PAGE_SIZE = 50;

    private final RecordService records;
    private final CollectionService collections;
    private final SaveOutcomePages outcomes;
    private final LeaseService leases;
    private final DeleteRoutes deletes;

    public RecordRoutes(RecordService records, CollectionService collections, LeaseService leases,
            SaveOutcomePages outcomes) {
        this.records = records;
        this.leases = leases;
        this.collections = collections;
        this.outcomes = outcomes;
        this.deletes = new DeleteRoutes(records, outcomes);
    }

    public void register(RoutesConfig routes) {
        routes.get("/collections/{slug}", this::list, Role.EDITOR);
        routes.get("/collections/{slug}/new", this::newForm, Role.EDITOR);
        routes.post("/collections/{slug}/new", this::create, Role.EDITOR);
        routes.get("/records/{id}", this::show, Role.EDITOR);
        routes.get("/records/{id}/edit", this::editForm, Role.EDITOR);
        routes.post("/records/{id}", this::save, Role.EDITOR);
        routes.post("/records/{id}/restore", this::restore, Role.EDITOR);
        deletes.register(routes);
    }

    /** The list: a bad search, order, filter or cursor answers 400 with the page, the typed input kept, and no rows. */
    private void list(Context ctx) {
        String slug = ctx.pathParam("slug");
        Map<String, List<String>> typed = ctx.queryParamMap();
        Optional<Collection> remembered = collections.remembered(slug);
        if (remembered.isPresent() && listRemembered(ctx, remembered.get(), typed)) {
            return;
        }
        Collection collection = collections.get(slug);
        RecordQuery query;
        try {
            query = RecordQuery.parse(collection, typed);
        } catch (BadRequestException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            Views.page(ctx, "records/list", RecordListPage.model(collection, typed, null, List.of(), false, e.getMessage()));
            return;
        }
        showList(ctx, collection, typed, query, records.list(collection, query, PAGE_SIZE + 1));
    }

    /**
     * The list with the definition this node read last, its page read only while that is the
     * definition (one statement fewer than reading its version first); false, and nothing
     * answered, when it may not be: the page came back empty and the definition changed, or
     * the request is refused by it (the current one may accept it).
     */
    private boolean listRemembered(Context ctx, Collection remembered, Map<String, List<String>> typed) {
        RecordQuery query;
        try {
            query = RecordQuery.parse(remembered, typed);
        } catch (BadRequestException e) {
            return false;
        }
        List<ListedRecord> page = records.listIfCurrent(remembered, query, PAGE_SIZE + 1);
        if (page.isEmpty() && !collections.isCurrent(remembered)) {
            return false;
        }
        showList(ctx, remembered, typed, query, page);
        return true;
    }

    /** The list page of {@code page}'s records (one more than it shows when there is a next page). */
    private void showList(Context ctx, Collection collection, Map<String, List<String>> typed, RecordQuery query,
            List<ListedRecord> page) {
        boolean more = page.size() > PAGE_SIZE;
        List<ListedRecord> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<Long, String> editing = new HashMap<>();
        // Someone else's leases, as the record page marks them.
        leases.heldByOthers(shown.stream().map(ListedRecord::id).toList(), Authentication.user(ctx))
                .forEach((id, lease) -> editing.put(id, lease.holderName()));
        Views.page(ctx, "records/list", RecordListPage.model(collection, typed, query, shown, editing, more, null));
    }

    private void newForm(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        renderCreate(ctx, collection, FormInput.typed(Map.of(), ""), UUID.randomUUID().toString());
    }

    private void create(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        String key = ctx.formParam("idempotency_key");
        String comment = ctx.formParam("comment");
        CreateOutcome outcome = records.create(collection, Forms.all(ctx), key, comment, Authentication.user(ctx));
        outcome.accept(new CreateOutcome.Visitor<Void>() {
            @Override
            public Void created(CreateOutcome.Created created) {
                if (!created.replayed()) {
                    Flash.success(ctx, "Created.");
                }
                ctx.redirect("/records/" + created.record().id(), HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(CreateOutcome.Invalid invalid) {
                FormInput input = FormInput.of(invalid.validation(), comment);
                ctx.status(input.refusal());
                renderCreate(ctx, collection, input, key);
                return null;
            }

            @Override
            public Void keyUsedElsewhere(CreateOutcome.KeyUsedElsewhere used) {
                // Only a form sent to another collection than its own gets here; a new key lets it be sent again.
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                Map<String, Object> model = RecordForm.create(collection, FormInput.typed(used.input(), comment),
                        UUID.randomUUID().toString());
                model.put("notice", "This form's key already created record " + used.record().id() + " in "
                        + used.collection().name() + ", so nothing was created here. Check the values and press Create"
                        + " to create a new record.");
                Views.page(ctx, "records/form", model);
                return null;
            }
        });
    }

    private void show(Context ctx) {
        ShownRecord shown = records.getShown(Forms.pathId(ctx, "id"));
        StoredRecord record = shown.record();
        User me = Authentication.user(ctx);
        Collection collection = records.collectionOf(record);
        // The delete is still the latest change, and it was this user's: they may take it back.
        boolean undoable = record.deleted() && record.isBy(me);
        // Someone else's lease: the holder knows they are editing (the page's script says the same).
        String editor = record.deleted() ? null : shown.lease()
                .filter(lease -> !lease.isHeldBy(me.id())).map(Lease::holderName).orElse(null);
        Map<String, Object> model = RecordPage.model(record, collection, records.versionToken(record, me), undoable, editor);
        Views.page(ctx, "records/show", model);
    }

    private void editForm(Context ctx) {
        User me = Authentication.user(ctx);
        outcomes.freshEditForm(ctx, records.getLiveTakingLease(Forms.pathId(ctx, "id"), me, Authentication.sessionId(ctx)),
                me);
    }

    private void save(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        Integer mergeBase = Forms.optionalInt(ctx, "merge_base").orElse(null);
        Revision.Kind mergeKind = mergeKind(ctx.formParam("merge_kind"));
        User me = Authentication.user(ctx);
        if (mergeKind != null && mergeKind != Revision.Kind.MERGE && !me.isAdmin()) {
            throw new ForbiddenException("Reverting and undoing need the admin role.");
        }
        String comment = ctx.formParam("comment");
        SaveRequest request = new SaveRequest(id, version, ctx.formParam("version_token"), Forms.all(ctx), comment,
                mergeBase, mergeKind).withIdempotencyKey(ctx.formParam("idempotency_key"));
        SaveOutcome outcome = Resolution.showAgain(request.form()) ? records.preview(request, me)
                : records.save(request, me);
        outcomes.show(ctx, outcome, me, comment);
    }

    /** What a merge page's form records when saved; only merges, reverts and undos come from one. */
    private static Revision.Kind mergeKind(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "merge" -> Revision.Kind.MERGE;
            case "revert" -> Revision.Kind.REVERT;
            case "undo" -> Revision.Kind.UNDO;
            default -> throw new BadRequestException("merge_kind must be merge, revert or undo.");
        };
    }

    private void restore(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Forms.requiredInt(ctx, "version");
        String comment = ctx.formParam("comment");
        User me = Authentication.user(ctx);
        RestoreOutcome outcome = records.restore(id, version, ctx.formParam("version_token"), Forms.all(ctx), comment, me);
        outcome.accept(new RestoreOutcome.Visitor<Void>() {
            @Override
            public Void restored(RestoreOutcome.Restored restored) {
                Flash.success(ctx, "Restored as version " + restored.record().version() + ".");
                ctx.redirect("/records/" + id, HttpStatus.SEE_OTHER);
                return null;
            }

            @Override
            public Void invalid(RestoreOutcome.Invalid invalid) {
                outcomes.deletedPage(ctx, invalid.record(), FormInput.of(invalid.validation(), comment), me,
                        "deleted-list".equals(ctx.formParam("_from")) ? SaveOutcomePages.Restoring.FROM_DELETED_LIST
                                : SaveOutcomePages.Restoring.AFTER_EDIT);
                return null;
            }

            @Override
            public Void stale(RestoreOutcome.Stale stale) {
                Map<String, String> yours = Validation.validate(records.collectionOf(stale.current()), Forms.all(ctx)).input();
                if (stale.current().deleted()) {
                    outcomes.deletedPage(ctx, stale.current(), FormInput.typed(yours, comment), me);
                } else {
                    // Someone else restored or changed it meanwhile: edit it from their version, with what was typed.
                    ctx.status(HttpStatus.CONFLICT);
                    outcomes.editForm(ctx, stale.current(), stale.current().version(), null, FormInput.typed(yours, comment)
                            .withNotice("Someone restored this record while you were deciding. Your values are in the"
                                    + " form below; saving them replaces theirs."), me);
                }
                return null;
            }
        });
    }

    private void renderCreate(Context ctx, Collection collection, FormInput input, String key) {
        Map<String, Object> model = RecordForm.create(collection, input, key == null ? UUID.randomUUID().toString() : key);
        Views.page(ctx, "records/form", model);
    }

}
