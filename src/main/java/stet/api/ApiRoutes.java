package stet.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import stet.auth.Role;
import stet.record.RecordService;
import stet.schema.CollectionService;
import stet.web.ApiPaths;

/**
 * The JSON API under {@value #BASE} (docs/api.md): collections, records with HTTP
 * preconditions, and the OpenAPI document that describes it all, served as written in
 * {@code src/main/resources/stet/api/openapi.json}.
 */
public final class ApiRoutes {

    public static final String BASE = ApiPaths.PREFIX;
    static final String OPENAPI_RESOURCE = "/stet/api/openapi.json";

    private final CollectionApi collectionApi;
    private final RecordApi recordApi;
    private final byte[] openApi;

    public ApiRoutes(CollectionService collections, RecordService records) {
        ApiJson json = new ApiJson();
        SaveAnswers answers = new SaveAnswers(records, json);
        this.collectionApi = new CollectionApi(collections, records, json, answers);
        this.recordApi = new RecordApi(records, json, answers);
        this.openApi = openApiDocument();
    }

    public void register(RoutesConfig routes) {
        // Public, like this page's documentation: it holds no data, and tools read it before they have a token.
        routes.get(BASE + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi), Role.PUBLIC);
        collectionApi.register(routes);
        recordApi.register(routes);
    }

    /** The OpenAPI document, as written. */
    public static byte[] openApiDocument() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code Link: <…>; rel="next"} header of a paged answer, when a page follows. */
    static void linkNext(Context ctx, String next) {
        if (next != null) {
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
    }

}
