package stet.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.auth.User;
import stet.record.CreateOutcome;
import stet.record.DeleteOutcome;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.auth.TokenScope;
import stet.support.ApiClient;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * CSV export: every live record whole, with values a spreadsheet and a CSV parser read back
 * exactly (commas, quotes, line breaks, non-ASCII), across more records than one read
 * fetches, narrowed by the list's search and filters.
 */
class ExportWebIT extends WebTest {

    /** More than two of the export's reads, so that paging is exercised. */
    private static final int COUNT = 2 * CsvExport.PAGE + 37;
    private static final Map<Long, Map<String, String>> LIVE = new LinkedHashMap<>();
    private static long deletedId;

    @BeforeAll
    static void createRecords() {
        Components parts = Components.build(app.database());
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection collection = parts.collections().create("stock", "Stock", List.of(
                field("name", FieldType.TEXT, List.of()),
                field("notes", FieldType.LONGTEXT, List.of()),
                field("price", FieldType.NUMBER, List.of()),
                field("count", FieldType.INTEGER, List.of()),
                field("active", FieldType.BOOLEAN, List.of()),
                field("color", FieldType.CHOICE, List.of("Red", "Blue")),
                field("due", FieldType.DATE, List.of())), false, admin);
        for (int i = 0; i < COUNT; i++) {
            Map<String, String> values = new HashMap<>();
            values.put("name", i % 3 == 0 ? "Bolt, \"hex\" " + i : "Nut " + i);
            values.put("notes", i % 4 == 0 ? "" : "line one\r\nline two, \"quoted\"\nÄrger ✓ " + i + "\n");
            values.put("price", i % 5 == 0 ? "" : (i % 7) + ".5");
            values.put("count", Integer.toString(i - 100));
            values.put("active", i % 2 == 0 ? "true" : "false");
            values.put("color", i % 6 == 0 ? "" : i % 2 == 0 ? "Red" : "Blue");
            values.put("due", i % 9 == 0 ? "" : String.format("2026-03-%02d", 1 + i % 28));
            Map<String, List<String>> form = new HashMap<>();
            values.forEach((k, v) -> form.put(k, List.of(v)));
            StoredRecord created = ((CreateOutcome.Created) parts.records().create(collection, form, null, "", admin))
                    .record();
            LIVE.put(created.id(), created.data());
        }
        deletedId = LIVE.keySet().iterator().next();
        String token = parts.records().versionToken(deletedId, 1, admin);
        assertThat(parts.records().delete(deletedId, 1, token, "", admin)).isInstanceOf(DeleteOutcome.Deleted.class);
        LIVE.remove(deletedId);
    }

    private static FieldDef field(String key, FieldType type, List<String> choices) {
        return new FieldDef(key, key, type, false, false, null, null, false, choices);
    }

    @Test
    void the_export_holds_every_live_record_whole_once_in_id_order() throws IOException {
        WebClient.Page page = logIn("alice").get("/collections/stock/export.csv");

        assertThat(page.status()).isEqualTo(200);
        List<CSVRecord> rows = parse(page.body());
        assertThat(rows.get(0).toList())
                .containsExactly("_id", "_version", "name", "notes", "price", "count", "active", "color", "due");
        List<Long> ids = new ArrayList<>();
        for (CSVRecord row : rows.subList(1, rows.size())) {
            long id = Long.parseLong(row.get(0));
            ids.add(id);
            assertThat(row.get(1)).isEqualTo("1");
            Map<String, String> expected = LIVE.get(id);
            assertThat(expected).as("record %d is live", id).isNotNull();
            List<String> keys = rows.get(0).toList();
            for (int column = 2; column < keys.size(); column++) {
                assertThat(row.get(column)).as("%s of %d", keys.get(column), id)
                        .isEqualTo(expected.getOrDefault(keys.get(column), ""));
            }
        }
        assertThat(ids).doesNotContain(deletedId).containsExactlyElementsOf(LIVE.keySet());
    }

    @Test
    void the_answer_is_a_utf8_csv_attachment_named_after_the_collection() throws Exception {
        HttpResponse<String> response = rawGet(logIn("alice"), "/collections/stock/export.csv");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv").contains("charset=utf-8"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                disposition -> assertThat(disposition).startsWith("attachment; filename=\"stock-").endsWith(".csv\""));
        assertThat(response.body()).doesNotStartWith("\uFEFF");
        // RFC 4180: rows end with CRLF; a line break inside a value is kept as it was, quoted.
        assertThat(response.body()).startsWith("_id,_version,name,notes,price,count,active,color,due\r\n");
    }

    @Test
    void bom_1_starts_the_file_with_a_byte_order_mark_for_spreadsheets() {
        String body = logIn("alice").get("/collections/stock/export.csv?bom=1").body();

        assertThat(body).startsWith("\uFEFF_id,_version,");
        assertThat(parse(body.substring(1))).hasSize(LIVE.size() + 1);
    }

    @Test
    void the_export_holds_what_the_list_shows_its_search_and_filters_included() {
        WebClient alice = logIn("alice");
        String href = alice.get("/collections/stock?q=bolt&color=Blue").element("export-link").get("href");

        assertThat(href).isEqualTo("/collections/stock/export.csv?q=bolt&color=Blue");
        List<CSVRecord> rows = parse(alice.get(href.replace("&amp;", "&")).body());
        List<Long> expected = LIVE.entrySet().stream()
                .filter(e -> e.getValue().get("name").startsWith("Bolt") && "Blue".equals(e.getValue().get("color")))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void a_sorted_export_keeps_the_lists_order_across_reads() {
        List<CSVRecord> rows = parse(logIn("alice").get("/collections/stock/export.csv?sort=-count").body());

        List<Long> ids = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        List<Long> expected = LIVE.entrySet().stream()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(b.getValue().get("count")),
                        Integer.parseInt(a.getValue().get("count"))))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @Test
    void a_bad_filter_is_refused_before_any_row_is_written() {
        WebClient.Page page = logIn("alice").get("/collections/stock/export.csv?due=tomorrow");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).doesNotContain("_id,_version");
    }

    @Test
    void an_unknown_collection_is_a_404_and_a_visitor_is_sent_to_log_in() {
        assertThat(logIn("alice").get("/collections/nothing/export.csv").status()).isEqualTo(404);
        WebClient.Page anonymous = browser().get("/collections/stock/export.csv");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.location()).startsWith("/login");
    }

    @Test
    void a_script_exports_the_same_file_with_a_read_token_and_never_with_a_session_alone() throws Exception {
        ApiClient script = ApiClient.as(app, "alice", TokenScope.READ);

        HttpResponse<String> response = script.get("/api/v1/collections/stock/records.csv?bom=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(response.body()).isEqualTo(logIn("alice").get("/collections/stock/export.csv?bom=1").body());
        assertThat(rawGet(logIn("alice"), "/api/v1/collections/stock/records.csv").statusCode()).isEqualTo(401);
    }

    private static List<CSVRecord> parse(String body) {
        try {
            return CSVFormat.RFC4180.parse(new StringReader(body)).getRecords();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> rawGet(WebClient client, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .header("Cookie", "stet_session=" + client.cookie("stet_session")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
