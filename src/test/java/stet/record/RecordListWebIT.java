package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.auth.TokenScope;
import stet.auth.User;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.ApiClient;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * The record list's search, sorts, filters and keyset paging, over 130 records (three
 * pages of 50) whose values repeat, are empty or negative, so that every order has ties
 * and empty values. Each expectation is computed from the same generated values.
 */
class RecordListWebIT extends WebTest {

    private static final int COUNT = 130;
    /** The generated records by id, as created. */
    private static final Map<Long, Map<String, String>> ROWS = new LinkedHashMap<>();

    @BeforeAll
    static void createParts() {
        Components parts = Components.build(app.database());
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection collection = parts.collections().create("parts", "Parts", List.of(
                field("name", "Name", FieldType.TEXT, List.of()),
                field("size", "Size", FieldType.INTEGER, List.of()),
                field("price", "Price", FieldType.NUMBER, List.of()),
                field("color", "Color", FieldType.CHOICE, List.of("Red", "Green", "Blue")),
                field("active", "Active", FieldType.BOOLEAN, List.of()),
                field("due", "Due", FieldType.DATE, List.of()),
                field("note", "Note", FieldType.LONGTEXT, List.of())), false, admin);
        for (int i = 1; i <= COUNT; i++) {
            Map<String, String> values = values(i);
            Map<String, List<String>> form = new HashMap<>();
            values.forEach((k, v) -> form.put(k, List.of(v)));
            CreateOutcome outcome = parts.records().create(collection, form, null, "", admin);
            assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
            ROWS.put(((CreateOutcome.Created) outcome).record().id(), values);
        }
    }

    private static FieldDef field(String key, String label, FieldType type, List<String> choices) {
        return new FieldDef(key, label, type, false, false, null, null, false, choices);
    }

    /**
     * Values with ties (each name three times), empty values, negative numbers and two words to
     * search; every sixth note is long, so that the list reads those rows' values from their
     * short copy (V15) and the others' from their data.
     */
    private static Map<String, String> values(int i) {
        Map<String, String> v = new HashMap<>();
        v.put("name", i % 10 == 0 ? "" : String.format("N%02d", i % 40));
        v.put("size", i % 15 == 0 ? "" : Integer.toString((i * 7) % 50 - 10));
        v.put("price", Integer.toString(i % 9) + "." + (i % 4) + "5");
        v.put("color", i % 8 == 0 ? "" : List.of("Red", "Green", "Blue").get(i % 3));
        v.put("active", i % 2 == 0 ? "true" : "false");
        v.put("due", i % 9 == 0 ? "" : String.format("2026-01-%02d", 1 + i % 30));
        v.put("note", (i % 5 == 0 ? "alpha " : "beta gamma ") + (i % 7 == 0 ? "Zebra crossing" : "plain")
                + (i % 6 == 0 ? " filler".repeat(600) : ""));
        return v;
    }

    @Test
    void rows_with_a_long_value_are_listed_from_their_short_copy_and_show_the_same_values() {
        var listed = app.database().dsl().fetch(
                "select id, listed is not null as copied, length(listed ->> 'note') as note, listed ->> 'name' as name"
                        + " from record where id = any(?)", (Object) ROWS.keySet().toArray(new Long[0]));
        assertThat(listed).hasSize(COUNT);
        listed.forEach(r -> {
            Map<String, String> values = ROWS.get(r.get("id", Long.class));
            boolean long_ = values.get("note").length() > 1_000;
            assertThat(r.get("copied", Boolean.class)).isEqualTo(long_);
            if (long_) {
                assertThat(r.get("note", Integer.class)).isEqualTo(1_000);
                // An empty value is not stored: the copy has no entry for it either.
                assertThat(r.get("name", String.class)).isEqualTo(values.get("name").isEmpty() ? null : values.get("name"));
            }
        });
        // Every row's values on the pages, short copy or not, are checked by the sort tests below.
    }

    @Test
    void the_page_is_titled_and_headed_by_the_collections_name() {
        String body = logIn("alice").get("/collections/parts").body();

        assertThat(body).contains("<title>Parts · stet</title>").contains("<h1>Parts</h1>");
    }

    // ---- search ----

    @Test
    void a_search_finds_records_by_any_text_field_word_case_insensitively_in_id_order() {
        assertThat(walk("/collections/parts?q=ZEBRA")).isEqualTo(expected(v -> v.get("note").contains("Zebra"), null));
        assertThat(walk("/collections/parts?q=n07")).isEqualTo(expected(v -> v.get("name").equals("N07"), null));
    }

    @Test
    void a_search_follows_every_write_of_a_record_its_delete_and_restore_and_stays_in_its_collection() {
        WebClient alice = logIn("alice");
        long id = RecordWebIT.create(alice, "Lantern", "LANT-1");
        assertThat(ids(alice.get("/collections/inventory?q=lantern").body())).containsExactly(id);

        WebClient.Page saved = alice.post("/records/" + id, RecordWebIT.inventory(alice.get("/records/" + id + "/edit"),
                "Lamp shade", "LANT-1", "5", "brass fittings"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(ids(alice.get("/collections/inventory?q=lantern").body())).isEmpty();
        assertThat(ids(alice.get("/collections/inventory?q=shade").body())).containsExactly(id);
        assertThat(ids(alice.get("/collections/inventory?q=brass").body())).containsExactly(id);

        WebClient.Page view = alice.get("/records/" + id);
        WebClient.Page deleted = alice.post("/records/" + id + "/delete", WebClient.form("_csrf", view.hidden("_csrf"),
                "version", view.hidden("version"), "version_token", view.hidden("version_token")));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(ids(alice.get("/collections/inventory?q=brass").body())).isEmpty();
        assertThat(ids(alice.get("/collections/inventory?q=N07").body())).isEmpty();

        WebClient admin = admin();
        WebClient.Page restored = admin.postForm("/records/" + id + "/restore",
                admin.get("/collections/inventory/deleted").form("deleted-" + id));
        assertThat(restored.status()).as(restored.body()).isEqualTo(303);
        assertThat(ids(alice.get("/collections/inventory?q=brass").body())).containsExactly(id);
        assertThat(ids(alice.get("/collections/inventory?q=" + enc("shade brass")).body())).containsExactly(id);
    }

    @Test
    void a_search_understands_phrases_or_and_exclusion() {
        assertThat(walk("/collections/parts?q=" + enc("\"zebra crossing\" -alpha")))
                .isEqualTo(expected(v -> v.get("note").contains("Zebra") && !v.get("note").contains("alpha"), null));
        assertThat(walk("/collections/parts?q=" + enc("N01 or N02")))
                .isEqualTo(expected(v -> v.get("name").equals("N01") || v.get("name").equals("N02"), null));
    }

    @Test
    void a_search_with_hostile_input_is_just_words_and_finds_nothing() {
        for (String hostile : List.of("' or 1=1 --", "a & | ! (", "x%_\\", "y:*", "<script>")) {
            WebClient.Page page = logIn("alice").get("/collections/parts?q=" + enc(hostile));
            assertThat(page.status()).as(hostile).isEqualTo(200);
            assertThat(ids(page.body())).as(hostile).isEmpty();
            assertThat(page.body()).as(hostile).contains("No records found.");
        }
    }

    @Test
    void a_search_with_no_word_in_it_finds_nothing_on_every_surface_and_keeps_what_was_typed() {
        WebClient alice = logIn("alice");
        ApiClient script = ApiClient.as(app, "alice", TokenScope.READ);
        String header = script.get("/api/v1/collections/parts/records.csv?q=zzzznothing").body();
        for (String wordless : List.of("-", "\"", "!!!", "%_\\", ":*", "&&", "- & |")) {
            WebClient.Page page = alice.get("/collections/parts?q=" + enc(wordless));
            assertThat(page.status()).as(wordless).isEqualTo(200);
            assertThat(page.body()).as(wordless).contains("No records found.").contains("value=\"" + escape(wordless) + "\"");
            assertThat(ids(page.body())).as(wordless).isEmpty();

            HttpResponse<String> api = script.get("/api/v1/collections/parts/records?q=" + enc(wordless));
            assertThat(api.statusCode()).as(wordless).isEqualTo(200);
            assertThat(api.body()).as(wordless).contains("\"records\":[]");
            HttpResponse<String> csv = script.get("/api/v1/collections/parts/records.csv?q=" + enc(wordless));
            assertThat(csv.statusCode()).as(wordless).isEqualTo(200);
            assertThat(csv.body()).as(wordless).isEqualTo(header);
        }
        // A search that only leaves records out has a word, and lists the rest.
        assertThat(walk("/collections/parts?q=" + enc("-zebra")))
                .isEqualTo(expected(v -> !v.get("note").toLowerCase(Locale.ROOT).contains("zebra"), null));
    }

    // ---- sorts ----

    @Test
    void every_column_sorts_both_ways_across_pages_with_ties_by_id_and_empty_values_last_ascending() {
        Map<String, Comparator<Map.Entry<Long, Map<String, String>>>> ascending = new LinkedHashMap<>();
        ascending.put("name", byValue("name", Function.identity()));
        ascending.put("size", byValue("size", BigDecimal::new));
        ascending.put("price", byValue("price", BigDecimal::new));
        ascending.put("color", byValue("color", Function.identity()));
        ascending.put("active", byValue("active", Function.identity()));
        for (var sort : ascending.entrySet()) {
            List<Long> up = sorted(sort.getValue());
            assertThat(walk("/collections/parts?sort=" + sort.getKey())).as(sort.getKey()).isEqualTo(up);
            assertThat(walk("/collections/parts?sort=-" + sort.getKey())).as("-" + sort.getKey())
                    .isEqualTo(reversed(up));
        }
        List<Long> byId = new ArrayList<>(ROWS.keySet());
        assertThat(walk("/collections/parts?sort=id")).isEqualTo(byId);
        assertThat(walk("/collections/parts?sort=-id")).isEqualTo(reversed(byId));
        assertThat(walk("/collections/parts?sort=-version")).isEqualTo(reversed(byId));
    }

    @Test
    void header_links_sort_ascending_then_descending_and_say_so_with_aria_sort() {
        WebClient alice = logIn("alice");
        String plain = alice.get("/collections/parts").body();
        assertThat(plain).contains("href=\"/collections/parts?sort=size\" data-testid=\"sort-size\" data-sort=\"none\"");
        String up = alice.get("/collections/parts?sort=size").body();
        assertThat(up).contains("href=\"/collections/parts?sort=-size\" data-testid=\"sort-size\" data-sort=\"ascending\"")
                .contains("<th aria-sort=\"ascending\">");
        String down = alice.get("/collections/parts?sort=-size").body();
        assertThat(down).contains("href=\"/collections/parts?sort=size\" data-testid=\"sort-size\" data-sort=\"descending\"");
        assertThat(plain).doesNotContain("data-testid=\"sort-note\"");
    }

    // ---- filters ----

    @Test
    void a_choice_filter_keeps_only_that_choice() {
        assertThat(walk("/collections/parts?color=Green")).isEqualTo(expected(v -> v.get("color").equals("Green"), null));
    }

    @Test
    void a_boolean_filter_keeps_only_that_answer() {
        assertThat(walk("/collections/parts?active=true")).isEqualTo(expected(v -> v.get("active").equals("true"), null));
        assertThat(walk("/collections/parts?active=false")).isEqualTo(expected(v -> v.get("active").equals("false"), null));
    }

    @Test
    void a_date_filter_takes_a_day_or_a_range_open_at_either_end() {
        assertThat(walk("/collections/parts?due=2026-01-05")).isEqualTo(expected(v -> v.get("due").equals("2026-01-05"), null));
        assertThat(walk("/collections/parts?due=2026-01-10..2026-01-12"))
                .isEqualTo(expected(v -> between(v.get("due"), "2026-01-10", "2026-01-12"), null));
        assertThat(walk("/collections/parts?due=..2026-01-03"))
                .isEqualTo(expected(v -> between(v.get("due"), "0000-01-01", "2026-01-03"), null));
        assertThat(walk("/collections/parts?due=2026-01-29.."))
                .isEqualTo(expected(v -> between(v.get("due"), "2026-01-29", "9999-12-31"), null));
    }

    @Test
    void filters_search_and_sort_combine_and_survive_paging() {
        Predicate<Map<String, String>> wanted = v -> v.get("note").contains("beta") && v.get("active").equals("true")
                && between(v.get("due"), "2026-01-02", "2026-01-28");
        List<Long> expected = expected(wanted, byValue("size", BigDecimal::new).reversed());
        assertThat(expected.size()).isGreaterThan(20);
        assertThat(walk("/collections/parts?q=beta&active=true&due=2026-01-02..2026-01-28&sort=-size", 20))
                .isEqualTo(expected);
        WebClient.Page page = logIn("alice").get("/collections/parts?q=beta&active=true&due=2026-01-02..2026-01-28&sort=-size");
        assertThat(page.body()).contains("value=\"beta\"").contains("value=\"2026-01-02..2026-01-28\"")
                .contains("<option value=\"true\" selected=\"selected\">Yes</option>");
    }

    @Test
    void a_search_or_a_filter_offers_a_link_that_clears_them_and_keeps_the_order() {
        WebClient alice = logIn("alice");

        WebClient.Page searched = alice.get("/collections/parts?q=beta&active=true&sort=-size");
        WebClient.Page refused = alice.get("/collections/parts?due=someday");
        WebClient.Page plain = alice.get("/collections/parts?sort=-size");

        assertThat(searched.element("clear-search")).containsEntry("href", "/collections/parts?sort=-size");
        assertThat(refused.element("clear-search")).containsEntry("href", "/collections/parts");
        assertThat(plain.has("clear-search")).isFalse();
    }

    @Test
    void the_list_selects_only_its_columns_and_never_a_long_text() {
        WebClient.Page page = logIn("alice").get("/collections/parts?q=zebra");
        assertThat(page.body()).doesNotContain("crossing");
    }

    // ---- bad input ----

    @Test
    void bad_sorts_filters_searches_and_cursors_answer_400_with_the_message_and_the_search_kept() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("q=kept&sort=note", "The list cannot be sorted by 'note'");
        bad.put("q=kept&sort=-nope", "The list cannot be sorted by '-nope'");
        bad.put("q=kept&color=Purple", "'Purple' is not a choice of Color");
        bad.put("q=kept&active=maybe", "Active can be filtered by 'true' or 'false', not 'maybe'.");
        bad.put("q=kept&due=2026-02-30", "Due is filtered by a day (YYYY-MM-DD)");
        bad.put("q=kept&due=..", "Due is filtered by a day (YYYY-MM-DD)");
        bad.put("q=kept&due=2026-01-12..2026-01-10",
                "Due is filtered by a range of days that ends before it starts: '2026-01-12..2026-01-10'");
        bad.put("q=kept&after=abc", "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&after=-5", "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=size&after=!!!", "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=size&after=" + cursor("-size\n5\n=1"), "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=size&after=" + cursor("size\n5\n=1e9"), "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=size&after=" + cursor("size\n0\n=1"), "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=name&after=" + cursor("name\n5\n=a\u0000"), "The page cursor 'after' is not valid for this order");
        bad.put("q=kept&sort=version&after=" + cursor("version\n5\n=99999999999"), "The page cursor 'after' is not valid");
        bad.put("q=kept&q=twice", "The query parameter 'q' is given more than once.");
        WebClient alice = logIn("alice");
        for (var e : bad.entrySet()) {
            WebClient.Page page = alice.get("/collections/parts?" + e.getKey());
            assertThat(page.status()).as(e.getKey()).isEqualTo(400);
            assertThat(page.body()).as(e.getKey()).contains("data-testid=\"list-error\"")
                    .contains(escape(e.getValue())).contains("value=\"kept\"");
            assertThat(ids(page.body())).as(e.getKey()).isEmpty();
        }
        WebClient.Page tooLong = alice.get("/collections/parts?q=" + "x".repeat(201));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("The search is too long: at most 200 characters.");
    }

    @Test
    void the_search_limit_counts_characters_not_utf16_units() {
        WebClient alice = logIn("alice");
        // An emoji is one character, two UTF-16 units.
        String emoji = "\uD83D\uDE00";
        assertThat(alice.get("/collections/parts?q=" + URLEncoder.encode(emoji.repeat(200), StandardCharsets.UTF_8)).status())
                .isEqualTo(200);
        WebClient.Page tooLong = alice.get("/collections/parts?q=" + URLEncoder.encode(emoji.repeat(201), StandardCharsets.UTF_8));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("The search is too long: at most 200 characters.");
    }

    @Test
    void a_filter_value_typed_with_spaces_shows_the_choice_it_filters_by() {
        WebClient.Page page = logIn("alice").get("/collections/parts?color=%20Green%20&active=%20true");
        assertThat(page.status()).isEqualTo(200);
        Document html = Jsoup.parse(page.body());
        assertThat(html.select("[data-testid=filter-color] option[selected]").eachAttr("value")).containsExactly("Green");
        assertThat(html.select("[data-testid=filter-active] option[selected]").eachAttr("value")).containsExactly("true");
        assertThat(ids(page.body())).isEqualTo(expected(v -> v.get("color").equals("Green") && v.get("active").equals("true"), null)
                .subList(0, ids(page.body()).size()));
    }

    @Test
    void a_cursor_made_by_stet_for_a_value_that_no_longer_exists_still_pages_on() {
        // A record between two pages can be changed or deleted; the cursor holds the value, not the row.
        List<Long> all = sorted(byValue("name", Function.identity()));
        long tenth = all.get(9);
        String cursor = cursor("name\n" + tenth + "\n=" + ROWS.get(tenth).get("name"));
        assertThat(ids(logIn("alice").get("/collections/parts?sort=name&after=" + cursor).body()))
                .isEqualTo(all.subList(10, 60));
    }

    @Test
    void a_record_renamed_past_the_cursor_since_the_page_before_is_listed_at_its_new_place() {
        // The page before ended at a record with the name it had then; renamed since, it sorts after
        // the cursor again, like any other record there.
        List<Long> all = sorted(byValue("name", Function.identity()));
        String then = ROWS.get(all.get(9)).get("name");
        long renamed = all.get(30);
        String now = ROWS.get(renamed).get("name");
        assertThat(now).isNotEmpty().isGreaterThan(then);
        List<Long> expected = all.stream()
                .filter(id -> {
                    String name = ROWS.get(id).get("name");
                    return name.isEmpty() || name.compareTo(then) > 0 || name.equals(then) && id > renamed;
                })
                .limit(RecordRoutes.PAGE_SIZE)
                .toList();
        assertThat(expected).contains(renamed);

        String cursor = cursor("name\n" + renamed + "\n=" + then);
        assertThat(ids(logIn("alice").get("/collections/parts?sort=name&after=" + cursor).body())).isEqualTo(expected);
    }

    // ---- helpers ----

    /** Every record id the list shows, following its next-page links from {@code path}. */
    private static List<Long> walk(String path) {
        return walk(path, 0);
    }

    /** Like {@link #walk(String)}, checking that at least {@code minimum} records came out. */
    private static List<Long> walk(String path, int minimum) {
        WebClient alice = logIn("alice");
        List<Long> seen = new ArrayList<>();
        String next = path;
        int pages = 0;
        while (next != null) {
            WebClient.Page page = alice.get(next);
            assertThat(page.status()).as(next + "\n" + page.body()).isEqualTo(200);
            List<Long> ids = ids(page.body());
            assertThat(ids.size()).as(next).isLessThanOrEqualTo(RecordRoutes.PAGE_SIZE);
            seen.addAll(ids);
            Matcher m = Pattern.compile("href=\"([^\"]*)\" data-testid=\"next-page\"").matcher(page.body());
            next = m.find() ? m.group(1).replace("&amp;", "&") : null;
            assertThat(++pages).isLessThan(10);
        }
        assertThat(seen.size()).isGreaterThanOrEqualTo(minimum);
        return seen;
    }

    private static List<Long> ids(String body) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("data-testid=\"record-row-(\\d+)\"").matcher(body);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** Ids of the generated records matching {@code filter}, in {@code order} (null: by id). */
    private static List<Long> expected(Predicate<Map<String, String>> filter,
            Comparator<Map.Entry<Long, Map<String, String>>> order) {
        return ROWS.entrySet().stream()
                .filter(e -> filter.test(e.getValue()))
                .sorted(order == null ? Map.Entry.comparingByKey() : order)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<Long> sorted(Comparator<Map.Entry<Long, Map<String, String>>> order) {
        return expected(v -> true, order);
    }

    /** By a field's value (empty values last), ties by id: the list's ascending order. */
    private static <T extends Comparable<T>> Comparator<Map.Entry<Long, Map<String, String>>> byValue(String key,
            Function<String, T> parse) {
        Comparator<Map.Entry<Long, Map<String, String>>> byValue = Comparator.comparing(
                e -> e.getValue().get(key).isEmpty() ? null : parse.apply(e.getValue().get(key)),
                Comparator.nullsLast(Comparator.naturalOrder()));
        return byValue.thenComparing(Map.Entry::getKey);
    }

    private static List<Long> reversed(List<Long> ids) {
        List<Long> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static boolean between(String day, String from, String to) {
        return !day.isEmpty() && day.compareTo(from) >= 0 && day.compareTo(to) <= 0;
    }

    private static String cursor(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
