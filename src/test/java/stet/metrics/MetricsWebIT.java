package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Config;
import stet.db.Database;
import stet.support.RawHttp;
import stet.support.Scrape;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * {@code /metrics} from loopback, the counters a save moves, and the request log: one
 * line per request with its id, route template, status and user, and nothing typed.
 */
@ExtendWith(TestPostgres.class)
class MetricsWebIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Lines arrive once a response is complete, so tests wait for the line they expect. */
    private static final BlockingQueue<String> LINES = new LinkedBlockingQueue<>();
    /** Every line the app wrote, none ever taken away. */
    private static final List<String> ALL = new CopyOnWriteArrayList<>();
    private static App app;

    @BeforeAll
    static void start(Database db) {
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD);
        app = App.start(config, db, line -> {
            ALL.add(line);
            LINES.add(line);
        });
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void loopback_reads_request_histograms_per_route_template_pool_and_jvm_meters() throws Exception {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        long id = create(alice, "Lamp", "M-1");
        // The latency of a request is recorded just before its line is written.
        assertThat(awaitId(alice.headersOf("/records/" + id))).contains(" route=/records/{id} status=200 ");

        HttpResponse<String> metrics = get("/metrics", Map.of());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String body = metrics.body();
        assertThat(body)
                .contains("# TYPE stet_http_requests_seconds histogram")
                .containsPattern("stet_http_requests_seconds_bucket\\{method=\"GET\",route=\"/records/\\{id}\","
                        + "status=\"200\",le=\"0\\.001\"} \\d")
                .containsPattern("stet_http_requests_seconds_count\\{method=\"GET\",route=\"/records/\\{id}\","
                        + "status=\"200\"} [1-9]")
                .containsPattern("stet_http_requests_seconds_count\\{method=\"POST\",route=\"/collections/\\{slug}/new\","
                        + "status=\"303\"} [1-9]")
                .containsPattern("hikaricp_connections\\{pool=\"stet\"} \\d")
                .containsPattern("hikaricp_connections_max\\{pool=\"stet\"} 8")
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_gc_")
                .contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes")
                .contains("system_cpu_count")
                .contains("process_uptime_seconds")
                // Every outcome is there before it first happens.
                .contains("stet_saves_total{outcome=\"stale_delete\"}")
                // The raw path, with the record's id, never becomes a label.
                .doesNotContain("route=\"/records/" + id);
    }

    @Test
    void saves_count_their_outcomes_and_merges_their_time_and_size() throws Exception {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        WebClient bob = new WebClient(app.port()).logIn("bob", TestApp.DEMO_PASSWORD);
        long id = create(alice, "Chair", "M-2");
        WebClient.Page aliceForm = alice.get("/records/" + id + "/edit");
        WebClient.Page bobForm = bob.get("/records/" + id + "/edit");
        String before = scrape();

        assertThat(alice.post("/records/" + id, values(aliceForm, "Chair, oak", "")).status()).isEqualTo(303);
        assertThat(bob.post("/records/" + id, values(bobForm, "Chair", "bob's notes")).status()).isEqualTo(303);
        assertThat(alice.post("/records/" + id, values(aliceForm, "Chair, pine", "")).status()).isEqualTo(409);
        WebClient.Page fresh = alice.get("/records/" + id + "/edit");
        assertThat(alice.post("/records/" + id, values(fresh, "Chair, oak", "bob's notes")).status()).isEqualTo(303);
        assertThat(alice.post("/records/" + id + "/delete", form("_csrf", aliceForm.hidden("_csrf"), "version", "1",
                "version_token", aliceForm.hidden("version_token"))).status()).isEqualTo(409);

        String after = scrape();
        assertMoved(before, after, Map.of(
                "stet_saves_total{outcome=\"saved\"}", 1,
                "stet_saves_total{outcome=\"merged\"}", 1,
                "stet_saves_total{outcome=\"conflict\"}", 1,
                "stet_saves_total{outcome=\"unchanged\"}", 1,
                "stet_saves_total{outcome=\"stale_delete\"}", 1,
                "stet_saves_total{outcome=\"invalid\"}", 0,
                "stet_merges_seconds_count{result=\"clean\"}", 1,
                "stet_merges_seconds_count{result=\"conflict\"}", 1,
                "stet_merge_input_characters_count", 2));
        assertThat(delta(before, after, "stet_merge_input_characters_sum")).isPositive();
    }

    @Test
    void imports_count_their_steps_the_rows_applied_and_the_batches_time() throws Exception {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        String before = scrape();
        // Every step and result is there before it first happens.
        assertThat(before).contains("stet_imports_total{event=\"failed\"}")
                .contains("stet_import_rows_total{result=\"conflict\"}")
                .contains("# TYPE stet_import_batches_seconds histogram");

        WebClient.Page refused = alice.upload("/collections/inventory/import", Map.of("_csrf", alice.csrfToken()),
                "file", "parts.csv", "name,colour\nBolt,red\n".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(422);
        WebClient.Page uploaded = alice.upload("/collections/inventory/import", Map.of("_csrf", alice.csrfToken()),
                "file", "parts.csv", "name,sku,quantity\nBolt,M-IMPORT-1,5\nNut,M-IMPORT-2,x\nWasher,M-IMPORT-3,7\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(303);
        String importPath = uploaded.location();
        assertThat(alice.post(importPath + "/apply", form("_csrf", alice.csrfToken(), "skip", "none")).status())
                .isEqualTo(303);

        // Each worker counts what it did just after its own commit, so one worker may count the
        // import done before another, whose batch committed first, has timed it: wait for both.
        String after = scrape();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delta(before, after, "stet_imports_total{event=\"done\"}") < 1
                || delta(before, after, "stet_import_batches_seconds_count") < 1) {
            assertThat(System.nanoTime()).as("import counted done and its batch timed within 60 s").isLessThan(deadline);
            Thread.sleep(20);
            after = scrape();
        }
        assertMoved(before, after, Map.of(
                "stet_imports_total{event=\"refused\"}", 1,
                "stet_imports_total{event=\"previewed\"}", 1,
                "stet_imports_total{event=\"started\"}", 1,
                "stet_imports_total{event=\"done\"}", 1,
                "stet_imports_total{event=\"failed\"}", 0,
                "stet_import_rows_total{result=\"created\"}", 2,
                "stet_import_rows_total{result=\"invalid\"}", 1,
                "stet_import_batches_seconds_count", 1));
        assertThat(delta(before, after, "stet_import_batches_seconds_sum")).isPositive();
    }

    @Test
    void every_request_logs_one_line_with_route_template_status_and_user_and_never_what_was_typed() throws Exception {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        long id = create(alice, "Table", "M-3");
        WebClient.Page form = alice.get("/records/" + id + "/edit");
        HttpResponse<String> saved = alice.postResponse("/records/" + id, values(form, "Table", "private-words-4711"));
        assertThat(saved.statusCode()).isEqualTo(303);

        String line = awaitId(saved.headers());
        assertThat(line).matches("id=[0-9a-f]{32} method=POST route=/records/\\{id} status=303 ms=\\d+\\.\\d user=\\d+");
        assertThat(ALL).hasSizeGreaterThan(5).noneMatch(l -> l.contains("private-words-4711") || l.contains("/records/" + id));
    }

    @Test
    void a_sane_request_id_is_echoed_and_any_other_replaced() throws Exception {
        HttpResponse<String> echoed = get("/health", Map.of("X-Request-Id", "trace.Abc-12_3"));
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("trace.Abc-12_3");
        assertThat(awaitLine("id=trace.Abc-12_3 ")).contains("route=/health status=200 ").endsWith(" user=-");

        HttpResponse<String> replaced = get("/health", Map.of("X-Request-Id", "forged line/with spaces"));
        assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
        HttpResponse<String> tooLong = get("/health", Map.of("X-Request-Id", "a".repeat(65)));
        assertThat(tooLong.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
        HttpResponse<String> none = get("/health", Map.of());
        assertThat(none.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}")
                .isNotEqualTo(replaced.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void refused_and_unmatched_requests_carry_an_id_and_are_timed_as_unmatched() throws Exception {
        HttpResponse<String> missing = get("/no/such/page", Map.of("X-Request-Id", "missing-1"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Request-Id")).hasValue("missing-1");
        assertThat(awaitLine("id=missing-1 ")).contains(" route=unmatched status=404 ");

        HttpResponse<String> refused = get("/health?x=%00", Map.of("X-Request-Id", "refused-1"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("refused-1");
        assertThat(awaitLine("id=refused-1 ")).contains(" route=/health status=400 ");

        HttpResponse<String> css = get("/static/stet.css", Map.of("X-Request-Id", "static-1"));
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(awaitLine("id=static-1 ")).contains(" route=/static/* status=200 ");
    }

    @Test
    void a_request_forwarded_by_a_proxy_is_not_loopback_and_without_a_token_is_refused() throws Exception {
        HttpResponse<String> proxied = get("/metrics", Map.of("X-Forwarded-For", "203.0.113.9"));
        assertThat(proxied.statusCode()).isEqualTo(403);
        assertThat(proxied.body()).doesNotContain("jvm_").contains("STET_METRICS_TOKEN");
        HttpResponse<String> withGuess = get("/metrics", Map.of("Forwarded", "for=203.0.113.9",
                "Authorization", "Bearer guessed-token-123456"));
        assertThat(withGuess.statusCode()).isEqualTo(403);
    }

    private static long create(WebClient client, String name, String sku) throws InterruptedException {
        WebClient.Page form = client.get("/collections/inventory/new");
        Map<String, String> values = form("_csrf", form.hidden("_csrf"), "idempotency_key", form.hidden("idempotency_key"),
                "name", name, "sku", sku, "quantity", "1", "description", "", "price", "1", "active", "true",
                "category", "Office");
        HttpResponse<String> created = client.postResponse("/collections/inventory/new", values);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        awaitId(created.headers());
        Matcher m = Pattern.compile("/records/(\\d+)").matcher(created.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The edit form's fields with the name and description given, the rest as they were. */
    private static Map<String, String> values(WebClient.Page edit, String name, String description) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        edit.form("record-form").forEach((key, list) -> values.put(key, list.get(list.size() - 1)));
        values.put("name", name);
        values.put("description", description);
        return values;
    }

    @Test
    void a_method_stet_does_not_know_is_counted_and_logged_as_other_however_many_are_invented() throws Exception {
        RawHttp raw = new RawHttp(app.port());
        String invented = "INVENTED" + "X".repeat(5_000);
        for (String method : List.of("FROBNICATE", "PROPFIND", invented)) {
            raw.send(method, "/collections/inventory", null, null);
            String line = awaitLine(" method=other ");
            assertThat(line).doesNotContain(method);
        }

        String metrics = scrape();

        assertThat(metrics).contains("method=\"other\"").doesNotContain("FROBNICATE").doesNotContain("PROPFIND")
                .doesNotContain("INVENTED");
        assertThat(metrics.length()).isLessThan(200_000);
    }

    @Test
    void a_client_that_goes_away_in_the_middle_of_its_body_is_a_client_error_not_a_500() throws Exception {
        Map<String, String> routes = Map.of("/login", "/login", "/collections/inventory/new", "/collections/{slug}/new");
        for (String path : routes.keySet()) {
            try (Socket socket = new Socket("127.0.0.1", app.port())) {
                socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=abc")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }

            String line = awaitLine(" route=" + routes.get(path) + " ");

            assertThat(line).contains(" status=400 ");
        }
        assertThat(scrape()).doesNotContainPattern("status=\"500\"");
    }

    /** The line of the request that was answered with {@code headers}. */
    private static String awaitId(HttpHeaders headers) throws InterruptedException {
        return awaitLine("id=" + headers.firstValue("X-Request-Id").orElseThrow() + " ");
    }

    private static String awaitLine(String part) throws InterruptedException {
        while (true) {
            String line = LINES.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a request line containing '%s'", part).isNotNull();
            if (line.contains(part)) {
                return line;
            }
        }
    }

    private static String scrape() {
        return Scrape.of(app.port());
    }

    /** Asserts how far each series moved between two scrapes. */
    private static void assertMoved(String before, String after, Map<String, Integer> moves) {
        moves.forEach((series, by) -> assertThat(delta(before, after, series)).as(series).isEqualTo(by.doubleValue()));
    }

    private static double delta(String before, String after, String series) {
        return Scrape.value(after, series) - Scrape.value(before, series);
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
