package stet.history;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * What the history pages say, as people read them: fields by label (a removed field by its
 * key, marked), typed values compared whole, times as "… ago" in a {@code <time>}, the
 * compare form's radios and what a pair that cannot be compared answers, and the audit
 * log naming records by title.
 */
class HistoryPagesWebIT extends WebTest {

    /**
     * A collection "Gear {slug}" with a title, a colour (removed by {@link #removeColour}),
     * a price, a count, a yes/no, a choice, a date and notes.
     */
    static void createGear(WebClient admin, String slug) {
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");
        WebClient.Page created = admin.post("/admin/collections", form("_csrf", csrf, "name", "Gear " + slug, "slug", slug,
                "field_0_key", "title", "field_0_label", "Title", "field_0_type", "text",
                "field_1_key", "colour", "field_1_label", "Colour", "field_1_type", "text",
                "field_2_key", "price", "field_2_label", "Price (EUR)", "field_2_type", "number",
                "field_3_key", "count", "field_3_label", "Units", "field_3_type", "integer",
                "field_4_key", "boxed", "field_4_label", "In its box", "field_4_type", "boolean",
                "field_5_key", "state", "field_5_label", "Condition", "field_5_type", "choice",
                "field_5_choices", "new\nused",
                "field_6_key", "bought", "field_6_label", "Bought on", "field_6_type", "date",
                "field_7_key", "notes", "field_7_label", "Notes", "field_7_type", "longtext"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
    }

    /** Removes the field "colour" from the collection: its values stay in the records' history. */
    static void removeColour(WebClient admin, String slug) {
        Map<String, List<String>> definition = admin.get("/collections/" + slug + "/edit").form("collection-form");
        set(definition, "field_1_remove", "true");
        WebClient.Page saved = admin.postForm("/collections/" + slug, definition);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }

    static void edit(WebClient client, long id, Map<String, String> values) {
        Map<String, List<String>> form = client.get("/records/" + id + "/edit").form("record-form");
        values.forEach((key, value) -> set(form, key, value));
        WebClient.Page saved = client.postForm("/records/" + id, form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }

    /** The text of the element (without its tags) whose opening tag carries {@code data-testid="testId"}. */
    static String row(String body, String testId) {
        int start = body.indexOf("data-testid=\"" + testId + "\"");
        assertThat(start).as("no " + testId + " in\n" + body).isNotNegative();
        return body.substring(start, body.indexOf("</tr>", start));
    }

    static String text(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }

    /** The markup inside each {@code <dd data-testid="{prefix}{key}">} of a page, by key. */
    static Map<String, String> values(String body, String prefix) {
        Map<String, String> values = new TreeMap<>();
        Matcher dd = Pattern.compile("<dd[^>]* data-testid=\"" + prefix + "([a-z0-9_]+)\"[^>]*>(.*?)</dd>", Pattern.DOTALL)
                .matcher(body);
        while (dd.find()) {
            values.put(dd.group(1), dd.group(2));
        }
        return values;
    }

    @Test
    void a_past_version_and_the_stale_delete_page_show_each_value_as_the_record_page_does() {
        WebClient admin = admin();
        createGear(admin, "gear-shown");
        long id = Records.create(admin, "gear-shown", Map.of("title", "<b>Tom & \"Jerry\"</b>", "boxed", "true",
                "count", "3", "state", "used", "bought", "2026-01-02", "notes", "\nAfter a blank line\n<i>kept</i>"));
        WebClient.Page first = admin.get("/records/" + id);
        Map<String, String> shownFirst = values(first.body(), "value-");
        assertThat(shownFirst).hasSize(8)
                .containsEntry("title", "<span>&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</span>")
                .containsEntry("boxed", "<span>Yes</span>")
                .containsEntry("notes", "<pre class=\"longtext\">\n\nAfter a blank line\n&lt;i&gt;kept&lt;/i&gt;</pre>")
                .containsEntry("colour", "<span></span>");
        Map<String, List<String>> staleDelete = first.form("delete-form");
        edit(admin, id, Map.of("boxed", "false", "count", "4"));
        Map<String, String> shownSecond = values(admin.get("/records/" + id).body(), "value-");
        assertThat(shownSecond).containsEntry("boxed", "<span>No</span>").containsEntry("count", "<span>4</span>");

        assertThat(values(admin.get("/records/" + id + "/revisions/1").body(), "value-")).isEqualTo(shownFirst);
        WebClient.Page stale = admin.postForm("/records/" + id + "/delete", staleDelete);
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(values(stale.body(), "current-")).isEqualTo(shownSecond);
    }

    @Test
    void history_revision_and_comparison_name_fields_by_label_and_a_removed_field_by_its_key() {
        WebClient admin = admin();
        createGear(admin, "gear-labels");
        long id = Records.create(admin, "gear-labels", Map.of("title", "Espresso machine", "colour", "red", "price", "249.90"));
        edit(admin, id, Map.of("price", "229.90", "count", "3", "colour", "blue"));
        removeColour(admin, "gear-labels");

        String history = admin.get("/records/" + id + "/history").body();
        // In the collection's order, labels only; the removed field last, by its key.
        assertThat(text(row(history, "revision-2"))).contains("Price (EUR), Units, colour (removed)");
        assertThat(history).doesNotContain(">count<").doesNotContain("price, ");

        String two = admin.get("/records/" + id + "/revisions/2").body();
        assertThat(text(two)).contains("Price (EUR) 229.9").contains("colour removed from the collection blue");
        assertThat(two).contains("data-testid=\"value-colour\"");

        WebClient.Page compare = admin.get("/records/" + id + "/compare?from=1&to=2");
        assertThat(compare.status()).isEqualTo(200);
        assertThat(compare.body()).contains("<h2><span>Price (EUR)</span>").contains("<h2><span>Units</span>")
                .contains("<h2><span>colour</span>").contains("data-testid=\"removed-field\"")
                .doesNotContain("<h2><span>price</span>");
        assertThat(compare.body()).contains("Unchanged: <span>Title, In its box, Condition, Bought on, Notes</span>");
    }

    @Test
    void numbers_dates_yes_no_and_choices_compare_as_whole_values_and_text_by_words() {
        WebClient admin = admin();
        createGear(admin, "gear-values");
        long id = Records.create(admin, "gear-values", Map.of("title", "Grinder", "price", "249.90", "count", "12",
                "state", "new", "bought", "2026-01-05", "notes", "A burr grinder.\nStill sharp.\n"));
        edit(admin, id, Map.of("price", "229.90", "count", "13", "boxed", "true", "state", "used", "bought", "2026-01-15",
                "notes", "A burr grinder.\nStill very sharp.\n"));

        String sideBySide = admin.get("/records/" + id + "/compare?from=1&to=2").body();
        assertThat(sideBySide)
                .contains("<td><span class=\"line removed\"><del>249.9</del></span></td>")
                .contains("<td><span class=\"line added\"><ins>229.9</ins></span></td>")
                .contains("<del>12</del>").contains("<ins>13</ins>")
                .contains("<del>2026-01-05</del>").contains("<ins>2026-01-15</ins>")
                .contains("<del>new</del>").contains("<ins>used</ins>")
                .contains("<del>No</del>").contains("<ins>Yes</ins>")
                // Longtext keeps its word diff.
                .contains("<span class=\"line changed\">Still <ins>very </ins>sharp.</span>")
                .doesNotContain("<span class=\"removed\">").doesNotContain("<span class=\"added\">");

        String inline = admin.get("/records/" + id + "/compare?from=1&to=2&view=inline").body();
        assertThat(inline).contains("<del>249.9</del> → <ins>229.9</ins>").contains("<del>2026-01-05</del> → <ins>2026-01-15</ins>")
                .contains("<del>No</del> → <ins>Yes</ins>")
                .contains("Still <ins>very </ins>sharp.");
    }

    @Test
    void times_are_relative_with_the_exact_utc_time_in_a_time_element() {
        WebClient admin = admin();
        long id = Records.create(admin, "inventory", Map.of("name", "Clock", "sku", "TIME-1", "quantity", "1"));
        Pattern time = Pattern.compile("<time class=\"when\" datetime=\"([^\"]+)\" title=\"([^\"]+)\">([^<]+)</time>");

        for (String path : List.of("/records/" + id + "/history", "/records/" + id + "/revisions/1", "/admin/audit")) {
            Matcher m = time.matcher(admin.get(path).body());
            assertThat(m.find()).as(path).isTrue();
            Instant at = Instant.parse(m.group(1));
            assertThat(Duration.between(at, Instant.now()).abs()).as(path).isLessThan(Duration.ofMinutes(5));
            assertThat(m.group(2)).as(path).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")
                    .startsWith(at.toString().substring(0, 10));
            assertThat(m.group(3)).as(path).matches("just now|\\d+ minutes? ago");
        }
        assertThat(admin.get("/records/" + id + "/history").body()).contains("<script src=\"/static/history.js\" defer></script>");
        assertThat(admin.get("/static/history.js").status()).isEqualTo(200);
    }

    @Test
    void the_history_offers_radio_pairs_checked_on_the_last_change() {
        WebClient admin = admin();
        long id = Records.create(admin, "inventory", Map.of("name", "Radio", "sku", "PAIR-1", "quantity", "1"));
        String single = admin.get("/records/" + id + "/history").body();
        assertThat(single).doesNotContain("data-testid=\"compare-button\"").doesNotContain("type=\"radio\"");

        edit(admin, id, Map.of("quantity", "2"));
        edit(admin, id, Map.of("quantity", "3"));
        WebClient.Page history = admin.get("/records/" + id + "/history");
        String body = history.body();
        // No "from" on the newest version, no "to" on the first.
        assertThat(body).contains("data-testid=\"compare-from-1\"").contains("data-testid=\"compare-from-2\"")
                .doesNotContain("data-testid=\"compare-from-3\"")
                .contains("data-testid=\"compare-to-2\"").contains("data-testid=\"compare-to-3\"")
                .doesNotContain("data-testid=\"compare-to-1\"")
                .contains("aria-label=\"From version 1\"").contains("Compare selected versions");
        assertThat(history.form("compare-form")).isEqualTo(Map.of("from", List.of("2"), "to", List.of("3")));

        WebClient.Page compare = admin.get("/records/" + id + "/compare?from=1&to=3");
        assertThat(compare.status()).isEqualTo(200);
        assertThat(compare.body()).contains("data-from=\"1\"").contains("data-to=\"3\"")
                .doesNotContain("data-testid=\"compare-older\"").doesNotContain("data-testid=\"compare-newer\"");
        // One change at a time, either way.
        String middle = admin.get("/records/" + id + "/compare?from=2&to=3&view=inline").body();
        assertThat(middle).contains("href=\"/records/" + id + "/compare?from=1&amp;to=2&amp;view=inline\" data-testid=\"compare-older\"")
                .doesNotContain("data-testid=\"compare-newer\"");
        assertThat(admin.get("/records/" + id + "/compare?from=1&to=2").body())
                .contains("href=\"/records/" + id + "/compare?from=2&amp;to=3\" data-testid=\"compare-newer\"");
    }

    @Test
    void a_pair_that_cannot_be_compared_shows_the_history_with_a_message() {
        WebClient admin = admin();
        long id = Records.create(admin, "inventory", Map.of("name", "Pairs", "sku", "PAIR-2", "quantity", "1"));
        WebClient.Page onlyOne = admin.get("/records/" + id + "/compare");
        assertThat(onlyOne.status()).isEqualTo(400);
        assertThat(onlyOne.body()).contains("data-testid=\"history-page\"")
                .contains("This record has only one version so far: there is nothing to compare it with.");
        edit(admin, id, Map.of("quantity", "2"));
        edit(admin, id, Map.of("quantity", "3"));

        WebClient.Page same = assertBadPair(admin, id, "from=2&to=2", 400,
                "Both sides are version 2. Choose two different versions");
        // The radios keep what was asked, to be corrected.
        assertThat(same.form("compare-form")).isEqualTo(Map.of("from", List.of("2"), "to", List.of("2")));
        assertBadPair(admin, id, "from=3&to=1", 400,
                "Version 3 is newer than version 1. Choose the older version under From and the newer one under To.");
        assertBadPair(admin, id, "from=1&to=9", 404, "This record has no version 9: its versions are 1 to 3.");
        assertBadPair(admin, id, "from=0&to=2", 404, "This record has no version 0: its versions are 1 to 3.");
        assertBadPair(admin, id, "from=99999999999999999999&to=2", 404, "This record has no version 99999999999999999999");
        // The valid one of the two stays checked; the other has nothing to check.
        assertThat(assertBadPair(admin, id, "from=abc&to=2", 400, "&#39;abc&#39; is not a version number.")
                .form("compare-form")).isEqualTo(Map.of("to", List.of("2")));
        assertThat(assertBadPair(admin, id, "from=-1&to=2", 400, "&#39;-1&#39; is not a version number.")
                .form("compare-form")).isEqualTo(Map.of("to", List.of("2")));
        assertThat(assertBadPair(admin, id, "from=1&to=x", 400, "&#39;x&#39; is not a version number.")
                .form("compare-form")).isEqualTo(Map.of("from", List.of("1")));

        assertThat(admin.get("/records/" + id + "/compare?from=1&to=2").status()).isEqualTo(200);
        assertThat(admin.get("/records/" + id + "/compare").body()).contains("data-from=\"2\"").contains("data-to=\"3\"");
    }

    static WebClient.Page assertBadPair(WebClient client, long id, String query, int status, String message) {
        WebClient.Page page = client.get("/records/" + id + "/compare?" + query);
        assertThat(page.status()).as(query).isEqualTo(status);
        assertThat(page.body()).as(query).contains("data-testid=\"history-page\"").contains("data-testid=\"compare-error\"")
                .contains(message).doesNotContain("data-testid=\"compare-page\"");
        return page;
    }

    @Test
    void the_audit_log_names_records_by_title_and_fields_by_label_and_links_each_change() {
        WebClient admin = admin();
        createGear(admin, "gear-audit");
        long named = Records.create(admin, "gear-audit", Map.of("title", "Espresso machine", "price", "249.90"));
        edit(admin, named, Map.of("price", "229.90", "colour", "red"));
        long untitled = Records.create(admin, "gear-audit", Map.of("price", "5"));
        removeColour(admin, "gear-audit");

        String log = admin.get("/admin/audit?collection=gear-audit").body();
        String change = row(log, "audit-" + named + "-2");
        assertThat(text(change)).contains("edited").contains("Espresso machine v2").contains("Gear gear-audit")
                .contains("Price (EUR), colour (removed)").doesNotContain("#" + named);
        assertThat(change).contains("href=\"/records/" + named + "\" data-testid=\"audit-record\"")
                .contains("href=\"/records/" + named + "/compare?from=1&amp;to=2\" data-testid=\"audit-compare\"");
        String creation = row(log, "audit-" + named + "-1");
        assertThat(creation).contains("href=\"/records/" + named + "/revisions/1\" data-testid=\"audit-compare\">view</a>");
        assertThat(text(row(log, "audit-" + untitled + "-1"))).contains("#" + untitled + " v1");

        // The comparison it links to.
        assertThat(admin.get("/records/" + named + "/compare?from=1&to=2").body()).contains("<ins>229.9</ins>");
    }
}
