package stet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.error.UnprocessableException;
import stet.record.CreateOutcome;
import stet.record.ListedRecord;
import stet.record.RecordQuery;
import stet.record.RecordService;
import stet.schema.Collection;
import stet.schema.CollectionService;

/**
 * Collections through the API: the list, one definition, its records (searched, filtered,
 * sorted and paged exactly as the record list page does it: {@link RecordQuery}) and
 * creating a record, with the form's idempotency guarantee under {@code Idempotency-Key}.
 */
final class CollectionApi {

    private final CollectionService collections;
    private final RecordService records;
    private final ApiJson json;
    private final SaveAnswers answers;

    CollectionApi(CollectionService collections, RecordService records, ApiJson json, SaveAnswers answers) {
        this.collections = collections;
        this.records = records;
        this.json = json;
        this.answers = answers;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiRoutes.BASE + "/collections", this::list, Role.EDITOR);
        routes.get(ApiRoutes.BASE + "/collections/{slug}", this::definition, Role.EDITOR);
        routes.get(ApiRoutes.BASE + "/collections/{slug}/records", this::records, Role.EDITOR);
        routes.post(ApiRoutes.BASE + "/collections/{slug}/records", this::create, Role.EDITOR);
    }

    private void list(Context ctx) {
        ObjectNode body = json.object();
        ArrayNode list = body.putArray("collections");
        collections.all().forEach(c -> list.add(RecordJson.summary(c)));
        json.answer(ctx, HttpStatus.OK, body);
    }

    private void definition(Context ctx) {
        json.answer(ctx, HttpStatus.OK, RecordJson.collection(collections.get(ctx.pathParam("slug"))));
    }

    /** A page of records, whole; {@code next} is the link to the following page (null on the last). */
    private void records(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        RecordQuery query = RecordQuery.parse(collection, ctx.queryParamMap());
        int size = PageSize.of(ctx);
        List<ListedRecord> page = records.list(collection, query, fetched(size));
        boolean more = page.size() > size;
        List<ListedRecord> shown = more ? page.subList(0, size) : page;
        ObjectNode body = json.object();
        ArrayNode list = body.putArray("records");
        records.getAllLive(shown.stream().map(ListedRecord::id).toList()).forEach(r -> list.add(RecordJson.record(r, collection)));
        String next = null;
        if (more) {
            Map<String, String> params = new LinkedHashMap<>(query.params());
            if (size != PageSize.DEFAULT) {
                params.put("limit", Integer.toString(size));
            }
            params.put("after", query.cursorAfter(shown.get(shown.size() - 1)));
            next = link(ApiRoutes.BASE + "/collections/" + collection.slug() + "/records", params);
        }
        body.put("next", next);
        ApiRoutes.linkNext(ctx, next);
        json.answer(ctx, HttpStatus.OK, body);
    }

    /**
     * 201 with the record, its Location and ETag; the same Idempotency-Key again gives the same
     * record, and in another collection is a 422.
     */
    private void create(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        JsonNode body = json.read(ctx, ApiJson.JSON);
        Map<String, String> texts = Writes.replacing(collection, body);
        String key = Preconditions.idempotencyKey(ctx);
        CreateOutcome outcome = records.create(collection, RecordJson.form(texts), key, RecordJson.comment(body),
                Authentication.user(ctx));
        outcome.accept(new CreateOutcome.Visitor<Void>() {
            @Override
            public Void created(CreateOutcome.Created created) {
                ctx.header("Location", ApiRoutes.BASE + "/records/" + created.record().id());
                if (created.replayed()) {
                    ctx.header("Idempotent-Replayed", "true");
                }
                // A replay is of a record created earlier, maybe under an older definition: as a GET shows it.
                answers.record(ctx, HttpStatus.CREATED, created.record(), records.collectionOf(created.record()));
                return null;
            }

            @Override
            public Void invalid(CreateOutcome.Invalid invalid) {
                answers.invalid(ctx, invalid.validation().errors());
                return null;
            }

            @Override
            public Void keyUsedElsewhere(CreateOutcome.KeyUsedElsewhere used) {
                throw new UnprocessableException("The Idempotency-Key '" + key + "' already created record "
                        + used.record().id() + " in another collection (" + used.collection().slug() + "); a key"
                        + " belongs to one record. Nothing was created: send a new key.", Map.of());
            }
        });
    }

    /**
     * How many records to read for a page of {@code size}: one more (to know whether another
     * page follows), rounded up to one of a few counts. The list's statements are kept per
     * shape, its count among them, so any count a script picks would make a shape of its own.
     */
    static int fetched(int size) {
        for (int count : new int[] {PageSize.DEFAULT + 1, 101, 201, PageSize.MAX + 1}) {
            if (size + 1 <= count) {
                return count;
            }
        }
        throw new IllegalArgumentException("a page of " + size);
    }

    private static String link(String base, Map<String, String> params) {
        StringBuilder href = new StringBuilder(base);
        char separator = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            href.append(separator).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return href.toString();
    }
}
