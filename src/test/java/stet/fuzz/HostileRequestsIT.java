package stet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.COLLECTION_REVISION;
import static stet.db.jooq.Tables.CREATE_REQUEST;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import stet.App;
import stet.auth.TokenScope;
import stet.support.ApiClient;
import stet.support.Invariants;
import stet.support.RawHttp;
import stet.support.TestApp;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Thousands of generated hostile requests, over every route the app registers (and
 * wrong methods and unknown paths), as the admin, as an editor, without a login and as a
 * script with a read-scope API token:
 * NULs, control characters, huge values, bogus charsets, broken multipart and
 * percent-encoding, invalid UTF-8, absurd numbers and years, missing and forged
 * tokens, huge and negative ids. None may answer 5xx, and none may change the database.
 *
 * <p>Which requests could change something is controlled: a request carries the
 * session's real CSRF token only together with a route's "poison" (a forged version
 * token, an invalid required value, a NUL), so it goes deep into the handler but must
 * be refused there. The only writes are a known series of ordinary saves, interleaved
 * with the hostile requests, whose effect is checked exactly.
 *
 * <p>Reproducible: the seed (printed, {@code -Dstet.fuzz.seed=…}) fixes every request;
 * {@code -Dstet.fuzz.requests=…} sets how many.
 */
class HostileRequestsIT extends WebTest {

    private static final long SEED = Long.getLong("stet.fuzz.seed", 20261125L);
    private static final int REQUESTS = Integer.getInteger("stet.fuzz.requests", 5_400);
    /** Every this many hostile requests, alice saves the fixture record normally. */
    private static final int SAVE_EVERY = 500;
    /** The live record's version when the requests start. */
    private static final int LIVE_VERSION = 2;

    private static final List<String> WRONG_METHODS = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO");
    private static final List<String> UNKNOWN_PATHS = List.of("/nope", "/records", "/records/", "/admin", "//",
            "/static/../pom.xml", "/static/%2e%2e/pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/collections/inventory/new/extra",
            "/records/1/revisions", "/static/", "/static/%00", "/%zz", "/collections/%", "/health/%C3%28");

    /** Values as text; each is percent-encoded where it goes. */
    private static final List<String> VALUES = List.of(
            "", " ", "\0", "a\0b", "\0\0\0", "\u0001\u0002\u001f\u007f", "\r\n\r\n", "\t", "\uFFFF", "\uFEFF",
            "\u202Eevil", "\uD800", "\uDFFF\uD800", "x".repeat(100_000), "é".repeat(20_000), "😀".repeat(3_000),
            "<script>alert(1)</script>", "' OR 1=1 --", "${7*7}", "[[${7*7}]]", "__${T(java.lang.Runtime)}__",
            "-1", "0", "-0", "99999999999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1_000",
            "9223372036854775808", "-9223372036854775809", "2147483648",
            "+999999999-01-01", "-999999999-12-31", "99999-01-01", "0000-01-01", "2026-02-30", "2026-13-01", "9999-12-31",
            "true", "false", "on", "merge", "revert", "undo", "admin", "editor", "create", "null", "%00", "%zz",
            "../../etc/passwd", "//evil.example", "/\\evil", "javascript:alert(1)", "inventory", "Office", "alice",
            "+999999999-01-01T00:00Z~1~1", "2026-01-01T00:00Z~9223372036854775808~1", "~~", "1~2~3~4");

    /** Already in wire form: broken percent-encoding and invalid UTF-8. */
    private static final List<String> RAW = List.of("%", "%zz", "%E0%A4%A", "%C3%28", "%FF%FE", "%ED%A0%80", "%C0%80",
            "%25%", "a%0", "%u0000", "%%", "+%2");

    private static final List<String> FIELD_NAMES = List.of("version", "scope", "expires", "version_token", "comment", "idempotency_key",
            "merge_base", "merge_kind", "name", "sku", "description", "quantity", "price", "active", "category",
            "restock_on", "name__choice", "name__yours", "name__conflict", "description__mode", "description__hunk_1",
            "quantity__yours", "slug", "confirm_merges", "field_0_key", "field_0_label", "field_0_type",
            "field_0_choices", "field_0_min", "field_0_max", "field_0_required", "field_0_unique", "field_0_delta",
            "field_1_key", "field_199_key", "field_0_remove", "field_0_existing", "add_rows", "username", "password",
            "display_name", "role", "next", "replay_action", "replay:name", "replay:_csrf", "_csrf",
            "\0", "a\0", "", "x".repeat(2_000), "é", "%zz");

    private static final List<String> QUERY_NAMES =
            List.of("after", "before", "from", "to", "user", "collection", "kind", "view", "next");

    /** A logged-in user (or none) with the CSRF token of its session. */
    private record Client(String who, RawHttp http, String csrf) {}

    /** One generated request, as sent. */
    private record Request(int index, String client, String method, String target, String contentType, byte[] body) {

        String describe() {
            String shown = body == null ? "(no body)" : printable(body, 400) + " (" + body.length + " bytes)";
            return "#" + index + " as " + client + ": " + method + " " + abbreviate(target, 400) + "\n    Content-Type: "
                    + contentType + "\n    body: " + shown;
        }
    }

    /** The records, ids and versions the requests aim at. */
    private record Fixture(long live, long deleted, Map<String, Long> userIds) {}

    private final Random random = new Random(SEED);
    private Fixture fixture;

    @Test
    void hostile_requests_over_every_route_answer_4xx_or_less_and_change_nothing_but_the_ordinary_saves() {
        System.out.println("HostileRequestsIT seed " + SEED + ", " + REQUESTS + " requests (-Dstet.fuzz.seed=" + SEED + ")");
        fixture = createFixture();
        List<App.Route> routes = app.routes();
        assertThat(routes).as("the app's routes").hasSizeGreaterThan(20);
        List<Client> clients = List.of(client("admin", TestApp.ADMIN_PASSWORD), client("alice", TestApp.DEMO_PASSWORD),
                anonymous(), readToken("bob"));
        WebClient saver = logIn("alice");
        Map<String, String> before = snapshot();

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> savedDescriptions = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            if (i > 0 && i % SAVE_EVERY == 0) {
                savedDescriptions.add(ordinarySave(saver, savedDescriptions.size()));
            }
            // Round-robin over routes and clients: every route is tried by every client, many times.
            App.Route route = routes.get(i % routes.size());
            Client client = clients.get((i / routes.size()) % clients.size());
            Request request = generate(i, client, route);
            RawHttp.Answer answer;
            try {
                answer = client.http().send(request.method(), request.target(), request.contentType(), request.body());
            } catch (RuntimeException e) {
                failures.add(request.describe() + "\n    no answer: " + e);
                continue;
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            if (answer.status() >= 500) {
                failures.add(request.describe() + "\n    answered " + answer.status() + ": " + abbreviate(answer.body(), 300));
            }
        }
        System.out.println("HostileRequestsIT answers by status: " + statuses + " (+ " + savedDescriptions.size()
                + " ordinary saves)");

        assertThat(failures).as("seed %d: requests answered 5xx or not at all (%d of %d); the first 20:%n%s", SEED,
                failures.size(), REQUESTS, failures.stream().limit(20).collect(Collectors.joining("\n"))).isEmpty();
        assertOnlyTheOrdinarySavesChangedAnything(before, savedDescriptions);
    }

    // ---- the world the requests aim at -----------------------------------------------------------

    private static Fixture createFixture() {
        WebClient alice = logIn("alice");
        long live = createRecord(alice, "FUZZ-LIVE");
        Map<String, List<String>> edit = alice.get("/records/" + live + "/edit").form("record-form");
        set(edit, "description", "second version");
        assertThat(alice.postForm("/records/" + live, edit).status()).isEqualTo(303);
        long deleted = createRecord(alice, "FUZZ-DELETED");
        Map<String, List<String>> delete = alice.get("/records/" + deleted).form("delete-form");
        assertThat(alice.postForm("/records/" + deleted + "/delete", delete).status()).isEqualTo(303);
        Map<String, Long> users = app.database().dsl().select(APP_USER.USERNAME, APP_USER.ID).from(APP_USER)
                .fetchMap(APP_USER.USERNAME, APP_USER.ID);
        return new Fixture(live, deleted, users);
    }

    private static long createRecord(WebClient client, String sku) {
        return Records.create(client, "inventory", Map.of("name", "Item " + sku, "sku", sku, "quantity", "10"));
    }

    private static Client client(String user, String password) {
        RawHttp http = new RawHttp(app.port());
        return new Client(user, http, http.logIn(user, password));
    }

    /**
     * A script with a read-scope API token and no cookies: it gets past the access check of
     * every API GET, and any write it tries is refused (403) for its scope.
     */
    private static Client readToken(String user) {
        RawHttp http = new RawHttp(app.port()).bearer(ApiClient.secretFor(app, user, TokenScope.READ));
        return new Client(user + " (read token)", http, RawHttp.csrfOf(http.send("GET", "/login", null, null).body()));
    }

    private static Client anonymous() {
        RawHttp http = new RawHttp(app.port());
        return new Client("nobody", http, RawHttp.csrfOf(http.send("GET", "/login", null, null).body()));
    }

    /** A normal save of the live record through its form, with a storable but unusual description. */
    private String ordinarySave(WebClient alice, int n) {
        String description = "save " + n + ": " + storable();
        Map<String, List<String>> form = alice.get("/records/" + fixture.live() + "/edit").form("record-form");
        set(form, "description", description);
        WebClient.Page saved = alice.postForm("/records/" + fixture.live(), form);
        assertThat(saved.status()).as("ordinary save %d: %s", n, saved.body()).isEqualTo(303);
        return description;
    }

    /** Odd text PostgreSQL can store: control characters (no NUL), right-to-left marks, emoji, markup. */
    private String storable() {
        String[] parts = {"\u0001", "\u001f", "\u007f", "\t", "\u202E", "\uFEFF", "😀", "<b>", "${x}", "é", "\n", "line"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

    // ---- generating requests --------------------------------------------------------------------

    private Request generate(int index, Client client, App.Route route) {
        int kind = random.nextInt(100);
        if (kind < 4) {
            String path = UNKNOWN_PATHS.get(random.nextInt(UNKNOWN_PATHS.size()));
            return request(index, client, random.nextBoolean() ? "GET" : "POST", path + query(), null, Csrf.NONE);
        }
        String target = path(route.path()) + query();
        if (kind < 10) {
            // A method the route does not have; never with the real CSRF token.
            String method = WRONG_METHODS.get(random.nextInt(WRONG_METHODS.size()));
            return request(index, client, method, target, null, Csrf.NONE);
        }
        if (route.method().equals("GET")) {
            return request(index, client, "GET", target, null, Csrf.NONE);
        }
        // A third without a token, a third with a forged one, a third with the real one and a poison.
        Csrf csrf = Csrf.values()[random.nextInt(Csrf.values().length)];
        return request(index, client, route.method(), target, route.path(), csrf);
    }

    /** What a generated POST carries as its CSRF token: nothing, a forged one, or the session's (with a poison). */
    private enum Csrf { NONE, FORGED, REAL }

    private Request request(int index, Client client, String method, String target, String routePath, Csrf csrf) {
        boolean withBody = method.equals("POST") || random.nextInt(10) == 0;
        if (!withBody) {
            return new Request(index, client.who(), method, target, random.nextInt(20) == 0 ? bogusCharset() : null, null);
        }
        Map<String, List<String>> fields = fields();
        switch (csrf) {
            case NONE -> fields.remove("_csrf");
            case FORGED -> fields.put("_csrf", List.of(forged(client.csrf())));
            case REAL -> {
                fields.put("_csrf", List.of(client.csrf()));
                poison(routePath, fields);
            }
        }
        return encode(index, client.who(), method, target, fields);
    }

    private String path(String pattern) {
        Matcher param = Pattern.compile("\\{([^}]+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (param.find()) {
            param.appendReplacement(path, Matcher.quoteReplacement(pathValue(param.group(1))));
        }
        param.appendTail(path);
        return path.toString();
    }

    private String pathValue(String name) {
        int pick = random.nextInt(10);
        if (pick < 3) {
            return RAW.get(random.nextInt(RAW.size()));
        }
        if (pick < 5) {
            return pathEncode(VALUES.get(random.nextInt(VALUES.size())), 5_000);
        }
        List<String> plausible = switch (name) {
            case "id" -> List.of(Long.toString(fixture.live()), Long.toString(fixture.deleted()), "0", "-1",
                    "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "1e3", "0x10", "%00",
                    "1%20", "%2F", "..", "9".repeat(300), fixture.userIds().values().iterator().next().toString());
            case "version" -> List.of("1", "2", "3", "0", "-1", "2147483647", "2147483648", "-2147483649", "99999999999",
                    "%00", "one", "1.5");
            case "slug" -> List.of("inventory", "nope", "INVENTORY", "%00", "a".repeat(5_000), "..%2F..", "-", "%0A", "%20");
            default -> List.of("1", "x", "%00");
        };
        return plausible.get(random.nextInt(plausible.size()));
    }

    private String query() {
        int count = random.nextInt(4);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(5) == 0 ? value(200) : QUERY_NAMES.get(random.nextInt(QUERY_NAMES.size()));
            pairs.add(formEncode(name) + "=" + (random.nextInt(5) == 0 ? RAW.get(random.nextInt(RAW.size())) : formEncode(value(20_000))));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = random.nextInt(9);
        for (int i = 0; i < count; i++) {
            String name = FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size()));
            String value = name.equals("version") && random.nextBoolean() ? Integer.toString(1 + random.nextInt(3)) : value(200_000);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private String value(int maxLength) {
        String value = VALUES.get(random.nextInt(VALUES.size()));
        return value.length() > maxLength ? value.substring(0, maxLength) : value;
    }

    private String forged(String real) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> real.substring(0, real.length() - 1) + (real.endsWith("A") ? "B" : "A");
            case 2 -> real + "\0";
            default -> value(1_000);
        };
    }

    /**
     * What makes a request with the real CSRF token fail where it should, deep in its
     * handler: a forged version token, a value the form refuses, a wrong password; for
     * any other route (and logout, which would end the session) a NUL that the form
     * boundary refuses.
     */
    private void poison(String routePath, Map<String, List<String>> fields) {
        switch (routePath) {
            case "/login" -> fields.put("password", List.of("wrong-" + random.nextInt(1000)));
            case "/records/{id}", "/records/{id}/delete", "/records/{id}/restore", "/records/{id}/revert/{version}",
                    "/records/{id}/undo/{version}", "/collections/{slug}" -> {
                fields.put("version_token", List.of(random.nextBoolean() ? "" : "forged." + random.nextInt(1_000_000)));
                if (random.nextBoolean()) {
                    fields.put("version", List.of(Integer.toString(1 + random.nextInt(3))));
                }
            }
            case "/collections/{slug}/new" -> fields.put("quantity", List.of("not a number"));
            case "/admin/collections" -> fields.put("slug", List.of("-Poisoned Slug-"));
            case "/admin/users" -> fields.put("username", List.of("Poisoned User!"));
            case "/admin/users/{id}/role" -> fields.put("role", List.of("superuser"));
            case "/account/tokens" -> fields.put("name", List.of(random.nextBoolean() ? "" : "x".repeat(101)));
            default -> fields.put("poison", List.of("refused\0at the form boundary"));
        }
    }

    private Request encode(int index, String who, String method, String target, Map<String, List<String>> fields) {
        String form = fields.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> formEncode(e.getKey()) + "=" + formEncode(v)))
                .collect(Collectors.joining("&"));
        String urlencoded = "application/x-www-form-urlencoded";
        int pick = random.nextInt(100);
        if (pick < 45) {
            return new Request(index, who, method, target, urlencoded, utf8(form));
        }
        if (pick < 55) {
            return new Request(index, who, method, target, urlencoded,
                    utf8(form + "&" + formEncode(value(50)) + "=" + RAW.get(random.nextInt(RAW.size()))));
        }
        if (pick < 62) {
            // Raw bytes that are not UTF-8, unencoded.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(utf8(form + "&name="));
            bytes.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 0});
            return new Request(index, who, method, target, urlencoded, bytes.toByteArray());
        }
        if (pick < 72) {
            return new Request(index, who, method, target, "multipart/form-data; boundary=XyZ", utf8(multipart(fields, true)));
        }
        if (pick < 77) {
            return new Request(index, who, method, target, "multipart/form-data; boundary=XyZ", utf8(multipart(fields, false)));
        }
        if (pick < 80) {
            return new Request(index, who, method, target, "multipart/form-data", utf8(multipart(fields, true)));
        }
        if (pick < 87) {
            return new Request(index, who, method, target, bogusCharset(), utf8(form));
        }
        if (pick < 92) {
            String type = List.of("text/plain", "application/json", "application/xml", "", "*/*").get(random.nextInt(5));
            return new Request(index, who, method, target, type, utf8(form));
        }
        if (pick < 97) {
            return new Request(index, who, method, target, urlencoded, null);
        }
        if (random.nextInt(5) == 0) {
            // Over the 4 MiB limit; rarely, since each costs time.
            return new Request(index, who, method, target, urlencoded, utf8(form + "&description=" + "x".repeat(4 * 1024 * 1024 + 10)));
        }
        return new Request(index, who, method, target, urlencoded, utf8(form + "&description=" + "y".repeat(300_000)));
    }

    private String bogusCharset() {
        String charset = List.of("bogus", "utf-9", "\"\"", "x;;y", "UTF-8x", "../../etc", "\u00e9", "UTF-7", "ISO-8859-1",
                "utf-16", "").get(random.nextInt(11));
        return "application/x-www-form-urlencoded; charset=" + charset;
    }

    private static String multipart(Map<String, List<String>> fields, boolean terminated) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, values) -> values.forEach(v -> body.append("--XyZ\r\nContent-Disposition: form-data; name=\"")
                .append(name.replace("\"", "%22").replace("\r", "").replace("\n", "")).append("\"\r\n\r\n").append(v).append("\r\n")));
        return terminated ? body.append("--XyZ--\r\n").toString() : body.append("--XyZ\r\nContent-Disposition: form-data; name=\"cut\"\r\n\r\nof").toString();
    }

    private static String formEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Percent-encodes a path segment (a space is %20 there, not +). */
    private static String pathEncode(String text, int maxLength) {
        String cut = text.length() > maxLength ? text.substring(0, maxLength) : text;
        return formEncode(cut).replace("+", "%20");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the database before and after ----------------------------------------------------------

    /**
     * Every table a request could write to, as text, but for what the ordinary saves
     * change (the live record's row and its revisions after the second); users without
     * columns others may add.
     */
    private Map<String, String> snapshot() {
        DSLContext dsl = app.database().dsl();
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("record", dsl.selectFrom(RECORD).where(RECORD.ID.ne(fixture.live())).orderBy(RECORD.ID).fetch().formatCSV());
        tables.put("revision", dsl.selectFrom(REVISION)
                .where(REVISION.RECORD_ID.ne(fixture.live()).or(REVISION.VERSION.le(LIVE_VERSION)))
                .orderBy(REVISION.RECORD_ID, REVISION.VERSION).fetch().formatCSV());
        tables.put("collection", dsl.selectFrom(COLLECTION).orderBy(COLLECTION.fields()).fetch().formatCSV());
        tables.put("collection_revision",
                dsl.selectFrom(COLLECTION_REVISION).orderBy(COLLECTION_REVISION.fields()).fetch().formatCSV());
        tables.put("create_request", dsl.selectFrom(CREATE_REQUEST).orderBy(CREATE_REQUEST.fields()).fetch().formatCSV());
        // Each token as it is but for its last use, which the read token's requests write.
        tables.put("api_token", dsl.select(API_TOKEN.ID, API_TOKEN.USER_ID, API_TOKEN.NAME, API_TOKEN.SCOPE,
                API_TOKEN.SECRET_HASH, API_TOKEN.CREATED_AT, API_TOKEN.EXPIRES_AT, API_TOKEN.REVOKED_AT,
                API_TOKEN.REVOKED_BY).from(API_TOKEN).orderBy(API_TOKEN.ID).fetch().formatCSV());
        tables.put("app_user", dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE,
                APP_USER.PASSWORD_HASH).from(APP_USER).orderBy(APP_USER.ID).fetch().formatCSV());
        return tables;
    }

    private void assertOnlyTheOrdinarySavesChangedAnything(Map<String, String> before, List<String> savedDescriptions) {
        DSLContext dsl = app.database().dsl();
        int liveVersion = dsl.select(RECORD.VERSION).from(RECORD).where(RECORD.ID.eq(fixture.live())).fetchSingle(RECORD.VERSION);
        assertThat(liveVersion).as("one version per ordinary save").isEqualTo(LIVE_VERSION + savedDescriptions.size());
        Invariants.assertHistoryConsistent(dsl, fixture.live());
        Invariants.assertHistoryConsistent(dsl, fixture.deleted());
        if (!savedDescriptions.isEmpty()) {
            assertThat(description(dsl)).isEqualTo(savedDescriptions.get(savedDescriptions.size() - 1));
        }
        assertThat(snapshot()).as("seed %d: the database after the hostile requests", SEED).isEqualTo(before);
    }

    private String description(DSLContext dsl) {
        try {
            String json = dsl.select(RECORD.DATA).from(RECORD).where(RECORD.ID.eq(fixture.live())).fetchSingle(RECORD.DATA).data();
            return new ObjectMapper().readTree(json).get("description").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String printable(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < max; i++) {
            int b = bytes[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("\\x%02X", b));
        }
        return bytes.length > max ? text + "…" : text.toString();
    }

    private static String abbreviate(String text, int max) {
        String clean = text.replace("\0", "\\0");
        return clean.length() > max ? clean.substring(0, max) + "… (" + clean.length() + " chars)" : clean;
    }
}
