package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the app agree: every /api/v1 route the app registers is in the
 * document, and every operation of the document is a registered route. A new API route
 * fails here until src/main/resources/stet/api/openapi.json describes it.
 */
class OpenApiRoutesIT extends ApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");

    @Test
    void every_api_route_is_in_the_openapi_document_and_every_operation_is_a_route() {
        JsonNode doc = anonymous().get("/api/v1/openapi.json").json();
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = doc.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase() + " " + path);
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        app.routes().stream()
                .filter(r -> r.path().startsWith(ApiRoutes.BASE + "/"))
                .forEach(r -> registered.add(r.method() + " " + r.path()));
        // Every GET answers HEAD as well (the document says so once); HEAD is documented only where it stands alone.
        registered.removeIf(route -> route.startsWith("HEAD ") && registered.contains("GET " + route.substring(5)));

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> unregistered = new TreeSet<>(documented);
        unregistered.removeAll(registered);
        assertThat(undocumented)
                .as("routes missing from src/main/resources/stet/api/openapi.json (add each, with its parameters,"
                        + " headers, statuses and schemas, and to docs/api.md)")
                .isEmpty();
        assertThat(unregistered).as("operations in openapi.json that the app does not register").isEmpty();
        assertThat(registered).contains("GET /api/v1/records/{id}", "PATCH /api/v1/records/{id}");
    }

    @Test
    void the_document_is_served_without_credentials_as_json() {
        JsonClient.Answer answer = anonymous().get("/api/v1/openapi.json");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("openapi").textValue()).isEqualTo("3.1.0");
    }
}
