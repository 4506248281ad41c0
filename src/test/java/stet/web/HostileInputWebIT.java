package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stet.auth.TokenScope;
import stet.db.jooq.Tables;
import stet.support.ApiClient;
import stet.support.RawHttp;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Requests no browser sends (bogus charsets, broken multipart bodies, NUL characters,
 * absurd dates) get a 4xx with a message and change nothing, instead of a 500.
 */
class HostileInputWebIT extends WebTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static long recordId;

    @BeforeAll
    static void aRecord() {
        WebClient alice = logIn("alice");
        Map<String, List<String>> form = alice.get("/collections/inventory/new").form("record-form");
        set(form, "name", "Hostile lamp");
        set(form, "sku", "HOSTILE-1");
        set(form, "quantity", "3");
        WebClient.Page created = alice.postForm("/collections/inventory/new", form);
        assertThat(created.status()).isEqualTo(303);
        Matcher m = Pattern.compile("/records/(\\d+)").matcher(created.location());
        assertThat(m.find()).isTrue();
        recordId = Long.parseLong(m.group(1));
    }

    private record Editor(RawHttp http, String csrf) {}

    private static Editor editor(String user, String password) {
        RawHttp http = new RawHttp(app.port());
        return new Editor(http, http.logIn(user, password));
    }

    private static Editor rawAlice() {
        return editor("alice", TestApp.DEMO_PASSWORD);
    }

    private static Editor rawAdmin() {
        return editor("admin", TestApp.ADMIN_PASSWORD);
    }

    /** Everything a hostile request could have changed. */
    private static List<Result<? extends Record>> snapshot() {
        DSLContext dsl = app.database().dsl();
        return List.of(
                dsl.selectFrom(Tables.RECORD).orderBy(Tables.RECORD.ID).fetch(),
                dsl.selectFrom(Tables.REVISION).orderBy(Tables.REVISION.RECORD_ID, Tables.REVISION.VERSION).fetch(),
                dsl.selectFrom(Tables.COLLECTION).orderBy(Tables.COLLECTION.ID).fetch(),
                dsl.selectFrom(Tables.APP_USER).orderBy(Tables.APP_USER.ID).fetch(),
                dsl.selectFrom(Tables.CREATE_REQUEST).fetch());
    }

    private static String editForm(Editor who) {
        WebClient.Page page = new WebClient.Page(200, who.http().send("GET", "/records/" + recordId + "/edit", null, null).body(), null);
        return WebClient.encode(Map.of("_csrf", who.csrf(), "version", page.hidden("version"),
                "version_token", page.hidden("version_token")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(RawHttp.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("data-testid=\"error-page\"").contains(message);
    }

    @Test
    void a_record_id_written_any_way_but_plain_ascii_digits_names_no_record() {
        Editor alice = rawAlice();
        assertThat(alice.http().send("GET", "/records/" + recordId, null, null).status()).isEqualTo(200);

        for (String id : List.of("+" + recordId, "0" + recordId, fullWidth(recordId), "%2B" + recordId, " " + recordId)) {
            RawHttp.Answer answer = alice.http().send("GET", "/records/" + id.replace(" ", "%20"), null, null);
            assertThat(answer.status()).as(id).isEqualTo(404);
            assertThat(alice.http().send("GET", "/api/v1/records/" + id.replace(" ", "%20"), null, null).status()).as(id)
                    .isIn(401, 404);
        }
        assertThat(alice.http().send("GET", "/records/" + recordId + "/revisions/1", null, null).status()).isEqualTo(200);
        for (String version : List.of("01", "+1", fullWidth(1), "0", "-1", "99999999999")) {
            assertThat(alice.http().send("GET", "/records/" + recordId + "/revisions/" + version, null, null).status())
                    .as(version).isEqualTo(404);
        }
    }

    /** The id in full-width digits (U+FF10…), percent-encoded as a browser sends it. */
    private static String fullWidth(long id) {
        StringBuilder digits = new StringBuilder();
        Long.toString(id).chars().forEach(c -> digits.appendCodePoint(0xFF10 + c - '0'));
        return java.net.URLEncoder.encode(digits.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void a_bogus_charset_in_the_content_type_is_refused_with_415_and_saves_nothing() {
        Editor alice = rawAlice();
        var before = snapshot();
        String body = editForm(alice) + "&name=Renamed&sku=HOSTILE-1&quantity=3";
        for (String charset : List.of("bogus", "utf-9", "\"\"", "x;;y", "UTF-8x")) {
            RawHttp.Answer answer = alice.http().send("POST", "/records/" + recordId, FORM + "; charset=" + charset, utf8(body));
            assertRefused(answer, 415, "character set");
        }
        RawHttp.Answer login = new RawHttp(app.port()).send("POST", "/login", FORM + "; charset=bogus", utf8("username=a"));
        assertRefused(login, 415, "character set");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_charset_parameter_that_names_no_character_set_is_refused_with_415_on_every_route_before_anything_reads_it() {
        Editor alice = rawAlice();
        var before = snapshot();
        String form = editForm(alice) + "&name=Renamed&sku=HOSTILE-1&quantity=3";
        // Javalin reads the first parameter that starts with "charset" as the charset, '=' or not.
        for (String type : List.of(FORM + "; charset", FORM + ";charset;", FORM + "; CHARSET ; x=y", "charset",
                FORM + "; charsetx=bogus", FORM + "; charset-foo", FORM + "; charsetx=utf-8", FORM + "; charset-foo=utf-8")) {
            assertRefused(alice.http().send("POST", "/records/" + recordId, type, utf8(form)), 415, "character set");
            assertRefused(alice.http().send("GET", "/collections/inventory?q=lamp", type, null), 415, "character set");
            assertRefused(new RawHttp(app.port()).send("POST", "/login", type, utf8("username=a")), 415, "character set");
            assertRefused(new RawHttp(app.port()).send("GET", "/health", type, null), 415, "character set");
            RawHttp.Answer api = new RawHttp(app.port()).send("GET", "/api/v1/collections", type, null);
            assertThat(api.status()).as(type + ": " + api.body()).isEqualTo(415);
            assertThat(api.body()).contains("\"status\":415").contains("character set");
        }
        RawHttp.Answer json = new RawHttp(app.port()).send("POST", "/api/v1/collections/inventory/records",
                "application/json; charset", utf8("{\"values\": {\"name\": \"x\"}}"));
        assertThat(json.status()).as(json.body()).isEqualTo(415);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void broken_percent_encoding_in_the_query_or_the_form_is_refused_with_400_naming_the_parameter_and_changes_nothing() {
        Editor alice = rawAlice();
        var before = snapshot();
        for (String query : List.of("q=%zz", "q=ab%2", "sort=name&category=%zz")) {
            RawHttp.Answer answer = alice.http().send("GET", "/collections/inventory?" + query, null, null);
            assertRefused(answer, 400, "percent-encoding");
            assertThat(answer.body()).contains(query.startsWith("q") ? "&#39;q&#39;" : "&#39;category&#39;");
        }
        RawHttp.Answer api = new RawHttp(app.port()).bearer(ApiClient.secretFor(app, "alice", TokenScope.READ))
                .send("GET", "/api/v1/collections/inventory/records?q=%zz", null, null);
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.body()).contains("\"status\":400").contains("'q'");
        String edit = editForm(alice) + "&sku=HOSTILE-1&quantity=3&name=ab%zzcd";
        for (String type : new String[] {FORM, FORM + "; charset=utf-8", null}) {
            RawHttp.Answer form = alice.http().send("POST", "/records/" + recordId, type, utf8(edit));
            assertRefused(form, 400, "percent-encoding");
            assertThat(form.body()).as("a form without a Content-Type is read as url-encoded").contains("&#39;name&#39;");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_percent_sign_in_a_multipart_value_is_just_a_character() {
        Editor alice = rawAlice();
        RawHttp.Answer answer = alice.http().send("POST", "/collections/inventory/new", "multipart/form-data; boundary=XyZ",
                utf8(multipart("_csrf", alice.csrf(), "name", "50%zz off", "sku", "PERCENT-1", "quantity", "1")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(303);
        assertThat(alice.http().send("GET", answer.location(), null, null).body()).contains("50%zz off");
    }

    @Test
    void an_unterminated_multipart_body_is_refused_with_400() {
        Editor alice = rawAlice();
        var before = snapshot();
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + alice.csrf()
                + "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nunterminated";
        RawHttp.Answer answer = alice.http().send("POST", "/collections/inventory/new",
                "multipart/form-data; boundary=XyZ", utf8(body));
        assertRefused(answer, 400, "multipart");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_multipart_body_is_read_up_to_the_body_limit_like_any_other_form() {
        Editor alice = rawAlice();
        var before = snapshot();
        String description = "x".repeat(300_000);
        RawHttp.Answer answer = alice.http().send("POST", "/collections/inventory/new",
                "multipart/form-data; boundary=XyZ", utf8(multipart("_csrf", alice.csrf(), "name", "Big multipart",
                        "sku", "", "description", description)));
        // Read whole (over Jetty's default form limit of 200,000 bytes): the missing SKU is what is wrong.
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("Big multipart").contains(description);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_multipart_body_over_the_body_limit_is_refused_with_413() {
        Editor alice = rawAlice();
        var before = snapshot();
        RawHttp.Answer answer = alice.http().send("POST", "/collections/inventory/new", "multipart/form-data; boundary=XyZ",
                utf8(multipart("_csrf", alice.csrf(), "name", "Huge", "sku", "HUGE-1", "quantity", "1",
                        "description", "x".repeat(5 * 1024 * 1024))));
        assertRefused(answer, 413, "too large");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_multipart_body_without_a_length_is_refused_with_411() {
        Editor alice = rawAlice();
        var before = snapshot();
        RawHttp.Answer answer = alice.http().sendChunked("POST", "/collections/inventory/new", "multipart/form-data; boundary=XyZ",
                utf8(multipart("_csrf", alice.csrf(), "name", "Chunked", "sku", "CHUNKED-1", "quantity", "1")));
        assertRefused(answer, 411, "needs a Content-Length");
        assertThat(snapshot()).isEqualTo(before);
    }

    private static String multipart(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(pairs[i]).append("\"\r\n\r\n")
                    .append(pairs[i + 1]).append("\r\n");
        }
        return body.append("--XyZ--\r\n").toString();
    }

    @Test
    void a_nul_character_in_a_record_field_or_idempotency_key_is_refused_with_400() {
        Editor alice = rawAlice();
        var before = snapshot();
        String create = "_csrf=" + alice.csrf() + "&sku=NUL-1&quantity=1&idempotency_key=k-1";
        assertRefused(alice.http().send("POST", "/collections/inventory/new", FORM, utf8(create + "&name=a%00b")),
                400, "NUL");
        assertRefused(alice.http().send("POST", "/collections/inventory/new", FORM,
                utf8("_csrf=" + alice.csrf() + "&name=n&sku=NUL-2&quantity=1&idempotency_key=k%00")), 400, "NUL");
        assertRefused(alice.http().send("POST", "/records/" + recordId, FORM,
                utf8(editForm(alice) + "&name=Hostile%00lamp&sku=HOSTILE-1&quantity=3")), 400, "NUL");
        assertRefused(alice.http().send("POST", "/records/" + recordId, FORM,
                utf8(editForm(alice) + "&name=Hostile&sku=HOSTILE-1&quantity=3&comment=%00")), 400, "NUL");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_form_sent_as_another_content_type_to_a_page_route_is_refused_with_415_and_changes_nothing() {
        Editor alice = rawAlice();
        var before = snapshot();
        String edit = editForm(alice) + "&sku=HOSTILE-1&quantity=3";
        for (String type : List.of("text/csv", "text/csv; charset=utf-8", "application/json", "text/plain")) {
            assertRefused(alice.http().send("POST", "/records/" + recordId, type, utf8(edit + "&name=Caf%E9")), 415,
                    "Content-Type");
            assertRefused(alice.http().send("POST", "/records/" + recordId, type,
                    utf8(edit + "&name=Keyed&idempotency_key=ab%00cd")), 415, "Content-Type");
            assertRefused(new RawHttp(app.port()).send("POST", "/login", type, utf8("username=ab%00c&password=p")), 415,
                    "Content-Type");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_method_override_header_is_refused_with_400_and_never_changes_the_method() throws Exception {
        ApiClient script = api("alice", TokenScope.WRITE);
        var before = snapshot();
        String path = "/api/v1/records/" + recordId;
        String etag = script.get(path).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> postAsGet = script.send("POST", path, null, null, "X-HTTP-Method-Override", "GET");
        HttpResponse<String> getAsPatch = script.send("GET", path, "application/json",
                "{\"values\": {\"name\": \"Overridden\"}}", "X-HTTP-Method-Override", "PATCH", "If-Match", etag);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + "/login")).header("X-HTTP-Method-Override", "POST").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> refused : List.of(postAsGet, getAsPatch, page)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("X-HTTP-Method-Override");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_form_or_a_query_whose_bytes_are_not_utf_8_is_refused_with_400_never_stored_as_replacement_characters() {
        Editor alice = rawAlice();
        var before = snapshot();
        String create = "_csrf=" + alice.csrf() + "&sku=LATIN-1&quantity=1&idempotency_key=latin-1";
        // %E9 is "é" in Latin-1, and no UTF-8: decoded, it would be stored as U+FFFD.
        assertRefused(alice.http().send("POST", "/collections/inventory/new", FORM, utf8(create + "&name=Caf%E9")),
                400, "not UTF-8");
        byte[] raw = (create + "&name=Caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(alice.http().send("POST", "/collections/inventory/new", FORM, raw), 400, "not UTF-8");
        assertRefused(alice.http().send("POST", "/records/" + recordId, FORM,
                utf8(editForm(alice) + "&name=Hostile%C3&sku=HOSTILE-1&quantity=3")), 400, "not UTF-8");
        assertRefused(alice.http().send("GET", "/collections/inventory?q=caf%E9", null, null), 400, "not UTF-8");
        assertThat(snapshot()).isEqualTo(before);
        // Real UTF-8, percent-encoded or not, is read as ever.
        RawHttp.Answer created = alice.http().send("POST", "/collections/inventory/new", FORM,
                utf8(create.replace("LATIN-1", "UTF-8-OK").replace("latin-1", "utf-8-ok") + "&name=Caf%C3%A9+cr\u00e8me"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
    }

    @Test
    void a_multipart_form_whose_values_are_not_utf_8_is_refused_with_400_as_the_record_forms_post_multipart() {
        Editor alice = rawAlice();
        var before = snapshot();
        String boundary = "----hostile";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        Map<String, String> fields = Map.of("_csrf", alice.csrf(), "sku", "LATIN-1-MP", "quantity", "1",
                "idempotency_key", "latin-1-mp");
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        // "Café" in Latin-1: its é (0xE9) is no UTF-8, and decoded would be stored as U+FFFD.
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes("Caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        assertRefused(alice.http().send("POST", "/collections/inventory/new", "multipart/form-data; boundary=" + boundary,
                body.toByteArray()), 400, "not UTF-8");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_nul_character_in_a_collection_name_label_or_choice_is_refused_with_400() {
        Editor admin = rawAdmin();
        var before = snapshot();
        String base = "_csrf=" + admin.csrf() + "&slug=nul-things&field_0_key=size&field_0_type=choice";
        for (String hostile : List.of("&name=Nul%00things&field_0_choices=S", "&name=Nul&field_0_label=Si%00ze&field_0_choices=S",
                "&name=Nul&field_0_choices=S%0AM%00L")) {
            assertRefused(admin.http().send("POST", "/admin/collections", FORM, utf8(base + hostile)), 400, "NUL");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_nul_character_in_a_query_parameter_is_refused_with_400() {
        Editor admin = rawAdmin();
        for (String target : List.of("/admin/audit?collection=inv%00", "/admin/audit?kind=%00", "/admin/audit?from=%00",
                "/collections/inventory?after=1%00", "/records/" + recordId + "/history?x%00=1")) {
            assertRefused(admin.http().send("GET", target, null, null), 400, "NUL");
        }
    }

    @Test
    void a_nul_character_in_the_path_is_refused_with_400() {
        Editor admin = rawAdmin();
        // Jetty itself refuses most of these before stet sees them; either way nothing reads them.
        for (String target : List.of("/collections/inv%00entory", "/collections/%00/deleted", "/records/%00")) {
            RawHttp.Answer answer = admin.http().send("GET", target, null, null);
            assertThat(answer.status()).as(target + "\n" + answer.body()).isEqualTo(400);
        }
    }

    @Test
    void an_audit_cursor_is_a_keyset_position_so_one_of_its_form_pages_on_from_there_wherever_it_came_from() {
        Editor admin = rawAdmin();
        // As the list's and the history's cursors are: checked for their form, not signed.
        RawHttp.Answer answer = admin.http().send("GET", "/admin/audit?after=2030-01-01T00:00:00Z~1~1", null, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("data-testid=\"audit-list\"").contains("data-testid=\"audit-" + recordId + "-1\"");
    }

    @Test
    void audit_days_and_cursors_with_absurd_years_are_refused_with_400() {
        Editor admin = rawAdmin();
        for (String query : List.of("from=%2B999999999-01-01", "to=%2B999999999-12-31", "from=-999999999-01-01",
                "to=0000-01-01", "from=10000-01-01", "to=99999-12-31")) {
            RawHttp.Answer answer = admin.http().send("GET", "/admin/audit?" + query, null, null);
            assertRefused(answer, 400, "must be a date as YYYY-MM-DD");
        }
        for (String after : List.of("%2B999999999-01-01T00:00Z~1~1", "-999999999-01-01T00:00Z~1~1",
                "2026-01-01T00:00Z~99999999999999999999~1", "2026-01-01T00:00Z~1", "~~")) {
            RawHttp.Answer answer = admin.http().send("GET", "/admin/audit?after=" + after, null, null);
            assertRefused(answer, 400, "is not valid; start from the first page.");
        }
    }
}
