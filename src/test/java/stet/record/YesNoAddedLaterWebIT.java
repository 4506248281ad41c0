package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import stet.auth.TokenScope;
import stet.support.ApiClient;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A yes/no field added to a collection whose records were written before it: those records
 * hold no value for it, and every way of reading them says "no", as the edit form (an
 * unticked box) always did. The list filters and sorts them as "no", the record page, the API
 * and the export say no, and sending back what was read changes nothing.
 */
class YesNoAddedLaterWebIT extends WebTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void records_written_before_a_yes_no_field_was_added_read_as_no_everywhere() throws Exception {
        WebClient admin = admin();
        WebClient alice = logIn("alice");
        createTasks(admin, "tasks-a");
        List<Long> before = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            before.add(createRecord(alice, "tasks-a", "Old " + i));
        }
        addUrgent(admin, "tasks-a");
        long urgent = createRecord(alice, "tasks-a", "New urgent", "urgent", "true");
        long calm = createRecord(alice, "tasks-a", "New calm");

        // The filter "no" lists the records written before the field, as the forms show them.
        assertThat(titles(alice.get("/collections/tasks-a?urgent=false").body()))
                .containsExactlyInAnyOrder("Old 1", "Old 2", "Old 3", "Old 4", "Old 5", "New calm");
        assertThat(titles(alice.get("/collections/tasks-a?urgent=true").body())).containsExactly("New urgent");
        // Sorted by it, "no" before "yes", the records without a value among the "no"s, in id order.
        assertThat(titles(alice.get("/collections/tasks-a?sort=urgent").body()))
                .containsExactly("Old 1", "Old 2", "Old 3", "Old 4", "Old 5", "New calm", "New urgent");
        assertThat(titles(alice.get("/collections/tasks-a?sort=-urgent").body()))
                .containsExactly("New urgent", "New calm", "Old 5", "Old 4", "Old 3", "Old 2", "Old 1");

        Document page = Jsoup.parse(alice.get("/records/" + before.get(0)).body());
        assertThat(page.selectFirst("[data-testid=value-urgent]").text()).isEqualTo("No");

        ApiClient api = api("alice", TokenScope.WRITE);
        HttpResponse<String> read = api.get("/api/v1/records/" + before.get(0));
        JsonNode record = JSON.readTree(read.body());
        assertThat(record.path("values").path("urgent").isBoolean()).as(read.body()).isTrue();
        assertThat(record.path("values").path("urgent").booleanValue()).isFalse();
        // What was read, sent back as it was: nothing changed, no version written.
        HttpResponse<String> put = api.json("PUT", "/api/v1/records/" + before.get(0),
                "{\"values\":" + record.path("values") + "}", "If-Match", read.headers().firstValue("ETag").orElseThrow());
        assertThat(put.statusCode()).as(put.body()).isLessThan(300);
        assertThat(JSON.readTree(api.get("/api/v1/records/" + before.get(0)).body()).path("version").intValue()).isEqualTo(1);

        // The edit form saved as opened (the box unticked): nothing changed.
        WebClient.Page saved = alice.postForm("/records/" + before.get(1),
                alice.get("/records/" + before.get(1) + "/edit").form("record-form"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(alice.get(saved.location()).body()).contains("Nothing changed");

        String csv = alice.get("/collections/tasks-a/export.csv").body();
        assertThat(csv).contains(before.get(2) + ",1,Old 3,false");
    }

    @Test
    void sorted_pages_walk_past_records_without_a_value() {
        WebClient admin = admin();
        WebClient alice = logIn("alice");
        createTasks(admin, "tasks-b");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            createRecord(alice, "tasks-b", "Old " + i);
            expected.add("Old " + i);
        }
        addUrgent(admin, "tasks-b");
        for (int i = 1; i <= 60; i++) {
            createRecord(alice, "tasks-b", "New " + i, "urgent", i % 2 == 0 ? "true" : "false");
            if (i % 2 == 1) {
                expected.add("New " + i);
            }
        }
        for (int i = 2; i <= 60; i += 2) {
            expected.add("New " + i);
        }

        List<String> walked = new ArrayList<>();
        String path = "/collections/tasks-b?sort=urgent";
        while (path != null) {
            WebClient.Page listed = alice.get(path);
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            walked.addAll(titles(listed.body()));
            Matcher next = Pattern.compile("data-testid=\"next-page\"[^>]*href=\"([^\"]+)\"|href=\"([^\"]+)\"[^>]*data-testid=\"next-page\"")
                    .matcher(listed.body());
            path = next.find() ? Jsoup.parse("<a href=\"" + (next.group(1) != null ? next.group(1) : next.group(2)) + "\">")
                    .selectFirst("a").attr("href") : null;
        }
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    private static List<String> titles(String body) {
        return Jsoup.parse(body).select("tr[data-testid^=record-row-] td:nth-of-type(2)").eachText();
    }

    private static void createTasks(WebClient admin, String slug) {
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");
        WebClient.Page created = admin.post("/admin/collections", form("_csrf", csrf, "name", "Tasks " + slug, "slug", slug,
                "field_0_key", "title", "field_0_label", "Title", "field_0_type", "text", "field_0_required", "true"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
    }

    /** Adds the yes/no field "urgent" in the editor's first empty row. */
    private static void addUrgent(WebClient admin, String slug) {
        Map<String, List<String>> definition = admin.get("/collections/" + slug + "/edit").form("collection-form");
        set(definition, "field_1_key", "urgent");
        set(definition, "field_1_label", "Urgent");
        set(definition, "field_1_type", "boolean");
        WebClient.Page saved = admin.postForm("/collections/" + slug, definition);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }

    private static long createRecord(WebClient client, String slug, String title, String... more) {
        Map<String, List<String>> form = client.get("/collections/" + slug + "/new").form("record-form");
        set(form, "title", title);
        for (int i = 0; i < more.length; i += 2) {
            set(form, more[i], more[i + 1]);
        }
        WebClient.Page created = client.postForm("/collections/" + slug + "/new", form);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return RecordWebIT.idFrom(created.location());
    }
}
