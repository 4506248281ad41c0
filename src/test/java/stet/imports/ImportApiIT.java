package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Components;
import stet.Config;
import stet.auth.TokenScope;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseTimeouts;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.ApiClient;

/**
 * The import routes of the API over HTTP: upload (202 and the import's address), its state
 * and counts, apply (202, then done), the rejected rows as CSV, revert (admins), and every
 * refusal as JSON with its status: 400, 403, 404, 409, 413, 415, 422.
 */
@ExtendWith(TestPostgres.class)
class ImportApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static App app;
    private static ApiClient alice;
    private static ApiClient admin;

    @BeforeAll
    static void start(Database db) {
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD, Optional.empty(), false, Optional.empty(), DatabaseTimeouts.DEFAULTS,
                Config.DEFAULT_SHUTDOWN_TIMEOUT, new ImportLimits(4_096, 20));
        app = App.start(config, db);
        Components parts = Components.build(db);
        User root = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        parts.collections().create("tools", "Tools", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, null, null, false, List.of())),
                false, root);
        alice = ApiClient.as(app, "alice", TokenScope.WRITE);
        admin = ApiClient.as(app, "admin", TokenScope.WRITE);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void an_upload_answers_202_with_the_import_address_and_its_counts() {
        HttpResponse<String> uploaded = upload(alice, "/api/v1/collections/tools/imports",
                "name,sku,qty\r\nHammer," + sku() + ",1\r\nSaw,,x\r\n");

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        String location = uploaded.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/api/v1/imports/\\d+");
        JsonNode job = json(get(alice, location));
        assertThat(job.get("state").asText()).isEqualTo("ready");
        assertThat(job.get("total").asInt()).isEqualTo(2);
        assertThat(job.get("applied").asInt()).isZero();
        assertThat(job.get("counts").get("new").asInt()).isEqualTo(1);
        assertThat(job.get("counts").get("invalid").asInt()).isEqualTo(1);
        assertThat(job.get("counts").get("changed").asInt()).isZero();
        assertThat(job.get("counts").get("unchanged").asInt()).isZero();
        assertThat(job.get("counts").get("stale").asInt()).isZero();
    }

    @Test
    void apply_answers_202_and_the_import_is_then_done_with_every_row_applied() {
        String location = uploadedLocation("name,sku,qty\r\nDrill," + sku() + ",2\r\nVice," + sku() + ",3\r\nBad,,x\r\n");

        HttpResponse<String> applied = post(alice, location + "/apply", "application/json", "{\"skip\": [\"invalid\"]}");

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(202);
        JsonNode done = awaitDone(location);
        assertThat(done.get("applied").asInt()).isEqualTo(3);
        assertThat(done.get("total").asInt()).isEqualTo(3);
        assertThat(done.get("skip").toString()).isEqualTo("[\"invalid\"]");
        HttpResponse<String> rejected = get(alice, location + "/rejected.csv");
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = rejected.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("name,sku,qty,_error");
        assertThat(lines.get(1)).startsWith("Bad,,x,\"Line 4: qty: ");
    }

    @Test
    void the_rejected_rows_fixed_upload_again_as_they_are_their_error_column_ignored() {
        String location = uploadedLocation("name,sku,qty\r\nBad,,x\r\nWorse,,y\r\n");
        assertThat(post(alice, location + "/apply", "application/json", "{\"skip\": [\"invalid\"]}").statusCode())
                .isEqualTo(202);
        awaitDone(location);
        String rejected = get(alice, location + "/rejected.csv").body();
        // One row fixed, the other left as it was.
        String fixed = rejected.replace("Bad,,x,", "Good,,7,");

        HttpResponse<String> again = upload(alice, "/api/v1/collections/tools/imports", fixed);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json(again).get("counts").get("new").asInt()).isEqualTo(1);
        assertThat(json(again).get("counts").get("invalid").asInt()).isEqualTo(1);
        String againLocation = again.headers().firstValue("Location").orElseThrow();
        assertThat(post(alice, againLocation + "/apply", "application/json", "{\"skip\": [\"invalid\"]}")
                .statusCode()).isEqualTo(202);
        awaitDone(againLocation);
        // Its own rejected rows name _error once, with this import's message.
        List<String> lines = get(alice, againLocation + "/rejected.csv").body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("name,sku,qty,_error");
        assertThat(lines.get(1)).startsWith("Worse,,y,\"Line 3: qty: ");
    }

    @Test
    void applying_twice_is_a_409() {
        String location = uploadedLocation("name,sku\r\nClamp," + sku() + "\r\n");
        assertThat(post(alice, location + "/apply", "application/json", null).statusCode()).isEqualTo(202);

        HttpResponse<String> again = post(alice, location + "/apply", "application/json", null);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("cannot be applied now");
    }

    @Test
    void a_nul_character_in_a_cell_makes_its_row_invalid_and_the_file_is_still_read() {
        HttpResponse<String> uploaded = upload(alice, "/api/v1/collections/tools/imports",
                "name,sku\r\nLamp\0X," + sku() + "\r\nShade," + sku() + "\r\n");

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        JsonNode job = json(uploaded);
        assertThat(job.get("counts").get("invalid").asInt()).isEqualTo(1);
        assertThat(job.get("counts").get("new").asInt()).isEqualTo(1);
        String rejected = get(alice, uploaded.headers().firstValue("Location").orElseThrow() + "/rejected.csv").body();
        assertThat(rejected).contains("Lamp\u2400X").contains("Line 2: name: Contains a NUL character");
    }

    @Test
    void unknown_columns_are_a_422_naming_them() {
        HttpResponse<String> refused = upload(alice, "/api/v1/collections/tools/imports", "name,colour\r\nHammer,red\r\n");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).get("error").asText()).contains("'colour'");
    }

    @Test
    void matching_on_a_field_that_is_not_unique_is_a_422() {
        HttpResponse<String> refused = upload(alice, "/api/v1/collections/tools/imports?match=name", "name\r\nHammer\r\n");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).get("error").asText()).contains("not unique");
    }

    @Test
    void a_file_over_the_limits_is_a_413() {
        HttpResponse<String> tooLarge = upload(alice, "/api/v1/collections/tools/imports",
                "name\r\n" + "x".repeat(5_000) + "\r\n");
        StringBuilder rows = new StringBuilder("name\r\n");
        for (int i = 0; i < 21; i++) {
            rows.append("Row ").append(i).append("\r\n");
        }
        HttpResponse<String> tooMany = upload(alice, "/api/v1/collections/tools/imports", rows.toString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("error").asText()).contains("larger than 4,096 bytes");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json(tooMany).get("error").asText()).contains("more than 20 rows");
    }

    @Test
    void an_upload_that_is_not_text_csv_is_a_415() {
        HttpResponse<String> refused = post(alice, "/api/v1/collections/tools/imports", "application/json", "{}");

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(json(refused).get("error").asText()).contains("text/csv");
    }

    @Test
    void a_bad_skip_is_a_400_and_an_unknown_import_a_404() {
        String location = uploadedLocation("name,sku\r\nFile," + sku() + "\r\n");

        HttpResponse<String> badSkip = post(alice, location + "/apply", "application/json", "{\"skip\": [\"everything\"]}");
        HttpResponse<String> missing = get(alice, "/api/v1/imports/999999");

        assertThat(badSkip.statusCode()).isEqualTo(400);
        assertThat(json(badSkip).get("error").asText()).contains("\"everything\"");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(get(alice, location)).get("state").asText()).as("nothing changed").isEqualTo("ready");
    }

    @Test
    void only_an_admin_reverts_an_import() {
        String location = uploadedLocation("name,sku\r\nRasp," + sku() + "\r\n");
        post(alice, location + "/apply", "application/json", null);
        awaitDone(location);

        HttpResponse<String> forbidden = post(alice, location + "/revert", "application/json", null);
        HttpResponse<String> reverted = post(admin, location + "/revert", "application/json", null);

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(reverted.statusCode()).as(reverted.body()).isEqualTo(200);
        assertThat(json(reverted).get("deleted").size()).isEqualTo(1);
        assertThat(json(reverted).get("changedSince").size()).isZero();
    }

    @Test
    void a_file_uploaded_again_after_its_import_was_reverted_is_applied_again() {
        String sku = sku();
        HttpResponse<String> created = post(alice, "/api/v1/collections/tools/records", "application/json",
                "{\"values\": {\"name\": \"Original\", \"sku\": \"" + sku + "\", \"qty\": 1}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        String file = "_id,_version,name\r\n" + id + ",1,From the file\r\n";
        String first = uploadedLocation(file);
        post(alice, first + "/apply", "application/json", null);
        awaitDone(first);
        assertThat(post(admin, first + "/revert", "application/json", null).statusCode()).isEqualTo(200);

        String again = uploadedLocation(file);
        JsonNode previewed = json(get(alice, again));
        post(alice, again + "/apply", "application/json", null);
        awaitDone(again);

        assertThat(previewed.get("counts").get("unchanged").asInt()).as(previewed.toString()).isZero();
        assertThat(previewed.get("counts").get("stale").asInt()).isEqualTo(1);
        JsonNode record = json(get(alice, "/api/v1/records/" + id));
        assertThat(record.get("values").get("name").asText()).as(record.toString()).isEqualTo("From the file");
        assertThat(record.get("version").asInt()).isEqualTo(4);
    }

    @Test
    void a_unique_value_that_is_taken_is_counted_invalid_in_the_preview() {
        String taken = sku();
        String shared = sku();
        String location = uploadedLocation("name,sku\r\nFirst," + taken + "\r\n");
        post(alice, location + "/apply", "application/json", null);
        awaitDone(location);

        HttpResponse<String> uploaded = upload(alice, "/api/v1/collections/tools/imports",
                "name,sku\r\nAgain," + taken + "\r\nOne," + shared + "\r\nTwo," + shared + "\r\n");

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        JsonNode job = json(uploaded);
        assertThat(job.get("counts").get("new").asInt()).isEqualTo(1);
        assertThat(job.get("counts").get("invalid").asInt()).isEqualTo(2);
        String rejected = get(alice, uploaded.headers().firstValue("Location").orElseThrow() + "/rejected.csv").body();
        assertThat(rejected).contains("Line 2: sku: '" + taken + "' is already taken.")
                .contains("Line 4: sku: '" + shared + "' is already taken");
    }

    @Test
    void a_read_token_cannot_upload_and_no_token_is_a_401() {
        ApiClient reader = ApiClient.as(app, "alice", TokenScope.READ);
        ApiClient nobody = new ApiClient(app.port(), null);

        HttpResponse<String> byReader = upload(reader, "/api/v1/collections/tools/imports", "name\r\nHammer\r\n");
        HttpResponse<String> byNobody = upload(nobody, "/api/v1/collections/tools/imports", "name\r\nHammer\r\n");

        assertThat(byReader.statusCode()).isEqualTo(403);
        assertThat(byNobody.statusCode()).isEqualTo(401);
    }

    // --- fixtures ---

    private static String sku() {
        return "T-" + SKUS.incrementAndGet();
    }

    private static String uploadedLocation(String csv) {
        HttpResponse<String> uploaded = upload(alice, "/api/v1/collections/tools/imports", csv);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        return uploaded.headers().firstValue("Location").orElseThrow();
    }

    private static HttpResponse<String> upload(ApiClient client, String path, String csv) {
        return post(client, path, "text/csv; charset=utf-8", csv);
    }

    private static HttpResponse<String> post(ApiClient client, String path, String contentType, String body) {
        return client.send("POST", path, contentType, body);
    }

    private static HttpResponse<String> get(ApiClient client, String path) {
        return client.get(path);
    }

    private static JsonNode awaitDone(String location) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode job = json(get(alice, location));
            if (!job.get("state").asText().equals("applying") && !job.get("state").asText().equals("ready")) {
                assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
                return job;
            }
            assertThat(System.nanoTime()).as("import done within %s", WAIT).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
