package stet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.error.BadRequestException;
import stet.record.RecordService;
import stet.record.Revision;
import stet.record.SaveRequest;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.web.Forms;

/**
 * One record through the API: read it, replace it ({@code PUT}), patch it ({@code PATCH},
 * a JSON merge patch), delete it, and read its history and old versions. Every write
 * names its version in {@code If-Match}; a stale one is refused (412) unless it says
 * {@code Prefer: merge}, and then merged as the edit form's save is.
 */
final class RecordApi {

    private final RecordService records;
    private final ApiJson json;
    private final SaveAnswers answers;

    RecordApi(RecordService records, ApiJson json, SaveAnswers answers) {
        this.records = records;
        this.json = json;
        this.answers = answers;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiRoutes.BASE + "/records/{id}", this::get, Role.EDITOR);
        routes.put(ApiRoutes.BASE + "/records/{id}", this::put, Role.EDITOR);
        routes.patch(ApiRoutes.BASE + "/records/{id}", this::patch, Role.EDITOR);
        routes.delete(ApiRoutes.BASE + "/records/{id}", this::delete, Role.EDITOR);
        routes.get(ApiRoutes.BASE + "/records/{id}/history", this::history, Role.EDITOR);
        routes.get(ApiRoutes.BASE + "/records/{id}/revisions/{version}", this::revision, Role.EDITOR);
    }

    private void get(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        if (record.deleted()) {
            answers.gone(ctx, record);
        } else if (Preconditions.notModified(ctx, record.version())) {
            ctx.header("ETag", Preconditions.etag(record.version())).status(HttpStatus.NOT_MODIFIED);
        } else {
            answers.record(ctx, HttpStatus.OK, record, records.collectionOf(record));
        }
    }

    /** Replaces every value: a field the body leaves out is emptied. */
    private void put(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Preconditions.ifMatch(ctx);
        Optional<StoredRecord> live = live(ctx, id);
        if (live.isEmpty()) {
            return;
        }
        StoredRecord current = live.get();
        JsonNode body = json.read(ctx, ApiJson.JSON);
        Map<String, String> texts = Writes.replacing(records.collectionOf(current), body);
        save(ctx, id, version, texts, RecordJson.comment(body));
    }

    /**
     * A JSON merge patch (RFC 7396) of the record's representation: a member of
     * {@code values} sets that field, null empties it, a field not named keeps its value
     * as of the If-Match version (so a stale patch merges as the change it is).
     */
    private void patch(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Preconditions.ifMatch(ctx);
        Optional<StoredRecord> live = live(ctx, id);
        if (live.isEmpty()) {
            return;
        }
        StoredRecord current = live.get();
        JsonNode body = json.read(ctx, ApiJson.MERGE_PATCH);
        boolean older = version >= 1 && version < current.version();
        Map<String, String> from = older ? records.revision(id, version).data() : current.data();
        Map<String, String> texts = Writes.patched(records.collectionOf(current), from, body);
        save(ctx, id, version, texts, RecordJson.comment(body));
    }

    /** Record {@code id} when it is live; when it was deleted, answers 410 and gives nothing (404 when it never was). */
    private Optional<StoredRecord> live(Context ctx, long id) {
        StoredRecord current = records.get(id);
        if (current.deleted()) {
            answers.gone(ctx, current);
            return Optional.empty();
        }
        return Optional.of(current);
    }

    private void save(Context ctx, long id, int version, Map<String, String> texts, String comment) {
        SaveRequest.OnStale onStale = Preconditions.prefersMerge(ctx)
                ? SaveRequest.OnStale.MERGE_CONFIRMED : SaveRequest.OnStale.REFUSE;
        SaveRequest request = SaveRequest.asOf(id, version, RecordJson.form(texts), comment, onStale)
                .withIdempotencyKey(Preconditions.idempotencyKey(ctx));
        answers.save(ctx, records.saveAsOf(request, Authentication.user(ctx)), Authentication.user(ctx));
    }

    private void delete(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        int version = Preconditions.ifMatch(ctx);
        StoredRecord current = records.get(id);
        if (current.deleted()) {
            answers.gone(ctx, current);
            return;
        }
        answers.delete(ctx, records.deleteAsOf(id, version, null, Authentication.user(ctx)));
    }

    /** The record's changes, newest first, a page at a time ({@code before}: a version); also of a deleted record. */
    private void history(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int before = Forms.queryLong(ctx, "before").map(RecordApi::version).orElse(record.version() + 1);
        int size = PageSize.of(ctx);
        List<Revision> page = records.history(record.id(), before, size + 1);
        ObjectNode body = json.object();
        ArrayNode revisions = body.putArray("revisions");
        page.stream().limit(size).forEach(r -> revisions.add(RecordJson.revision(r)));
        String next = page.size() > size
                ? ApiRoutes.BASE + "/records/" + record.id() + "/history?"
                        + (size == PageSize.DEFAULT ? "" : "limit=" + size + "&") + "before=" + page.get(size - 1).version()
                : null;
        body.put("next", next);
        ApiRoutes.linkNext(ctx, next);
        ctx.header("ETag", Preconditions.etag(record.version()));
        json.answer(ctx, HttpStatus.OK, body);
    }

    /** One version of the record as it was saved, with its values. */
    private void revision(Context ctx) {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        int version = version(Forms.pathId(ctx, "version"));
        Revision revision = records.revision(record.id(), version);
        Collection collection = records.collectionOf(record);
        ObjectNode body = RecordJson.revision(revision);
        body.put("id", record.id());
        body.put("collection", collection.slug());
        body.set(RecordJson.VALUES, RecordJson.values(collection, revision.data()));
        json.answer(ctx, HttpStatus.OK, body);
    }

    private static int version(long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new BadRequestException("A version is a whole number from 1.");
        }
        return (int) value;
    }
}
