package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import stet.support.Invariants;
import stet.support.RawHttp;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

class RecordWebIT extends WebTest {

    @Test
    void each_form_on_the_edit_page_carries_its_security_token_once() {
        WebClient alice = logIn("alice");
        WebClient admin = admin();
        // Alice holds the lease: the admin's page also has the lease notice and its break form.
        alice.get("/records/1/edit");
        Document page = Jsoup.parse(admin.get("/records/1/edit").body());

        for (var form : page.select("form[method=post]")) {
            assertThat(form.select("input[name=_csrf]")).as(form.attr("action")).hasSize(1);
        }
        assertThat(page.select("[data-testid=record-form] input[name=_csrf]")).hasSize(1);
    }


    /** Creates an Inventory record through the form and returns its id. */
    static long create(WebClient client, String name, String sku) {
        WebClient.Page form = client.get("/collections/inventory/new");
        WebClient.Page created = client.post("/collections/inventory/new", inventory(form, name, sku, "5", "notes"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return idFrom(created.location());
    }

    static Map<String, String> inventory(WebClient.Page form, String name, String sku, String quantity, String description) {
        Map<String, String> values = form("_csrf", form.hidden("_csrf"), "name", name, "sku", sku, "quantity", quantity,
                "description", description, "price", "9.50", "active", "true", "category", "Office");
        values.put("idempotency_key", form.hidden("idempotency_key"));
        if (form.body().contains("name=\"version\"")) {
            values.put("version", form.hidden("version"));
            values.put("version_token", form.hidden("version_token"));
        }
        return values;
    }

    static long idFrom(String location) {
        Matcher m = Pattern.compile("/records/(\\d+)").matcher(location);
        assertThat(m.find()).as(location).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void create_edit_and_show_a_record() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Desk lamp", "LAMP-1");

        WebClient.Page shown = alice.get("/records/" + id);
        assertThat(shown.body()).contains("Created.").contains("Desk lamp").contains("9.5");

        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        Map<String, String> values = inventory(edit, "Desk lamp, brass", "LAMP-1", "6", "line one\r\nline two");
        WebClient.Page saved = alice.post("/records/" + id, values);
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.location()).isEqualTo("/records/" + id);
        WebClient.Page after = alice.get("/records/" + id);
        assertThat(after.body()).contains("Saved version 2.").contains("Desk lamp, brass").contains("line one\nline two");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void a_long_text_that_begins_with_a_blank_line_shows_it_on_the_record_page() {
        WebClient alice = logIn("alice");
        WebClient.Page form = alice.get("/collections/inventory/new");
        WebClient.Page created = alice.post("/collections/inventory/new",
                inventory(form, "Shelf", "BLANK-1", "1", "\nafter a blank line"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);

        // HTML drops one newline right after <pre>: the page must still hold the value's own.
        Document page = Jsoup.parse(alice.get(created.location()).body());
        assertThat(page.select("[data-testid=value-description] pre").first().wholeText())
                .isEqualTo("\nafter a blank line");
    }

    @Test
    void invalid_input_rerenders_the_form_with_the_input_and_a_message_per_field() {
        WebClient alice = logIn("alice");
        WebClient.Page form = alice.get("/collections/inventory/new");
        Map<String, String> values = inventory(form, "", "BAD-1", "lots", "kept description");
        values.put("price", "-3");

        WebClient.Page result = alice.post("/collections/inventory/new", values);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body())
                .contains("data-testid=\"error-name\">Required.")
                .contains("data-testid=\"error-quantity\">Must be a whole number")
                .contains("data-testid=\"error-price\">Must be at least 0.")
                .contains("value=\"lots\"")
                .contains("kept description")
                .contains("value=\"BAD-1\"");
    }

    @Test
    void a_comment_over_its_limit_is_shown_by_its_input_with_everything_typed_on_the_create_and_edit_forms() {
        WebClient alice = logIn("alice");
        String comment = "c".repeat(501);
        Map<String, String> created = inventory(alice.get("/collections/inventory/new"), "Long comment", "LONG-C1", "4",
                "typed notes");
        created.put("comment", comment);

        WebClient.Page refused = alice.post("/collections/inventory/new", created);

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"comment-error\">At most 500 characters.")
                .contains("value=\"" + comment + "\"").contains("value=\"LONG-C1\"").contains("typed notes");
        assertThat(alice.get("/collections/inventory?q=LONG-C1").body()).doesNotContain("Long comment");

        created.put("comment", "fine");
        long id = idFrom(alice.post("/collections/inventory/new", created).location());
        Map<String, String> edited = inventory(alice.get("/records/" + id + "/edit"), "Long comment, edited", "LONG-C1", "5",
                "typed notes");
        edited.put("comment", comment);
        WebClient.Page editRefused = alice.post("/records/" + id, edited);
        assertThat(editRefused.status()).as(editRefused.body()).isEqualTo(422);
        assertThat(editRefused.body()).contains("id=\"comment-error\">At most 500 characters.")
                .contains("value=\"Long comment, edited\"");
        assertThat(alice.get("/records/" + id).body()).doesNotContain("Long comment, edited");
    }

    @Test
    void a_double_submitted_create_form_makes_one_record() {
        WebClient alice = logIn("alice");
        WebClient.Page form = alice.get("/collections/inventory/new");
        Map<String, String> values = inventory(form, "Twice", "TWICE-1", "1", "");

        WebClient.Page first = alice.post("/collections/inventory/new", values);
        WebClient.Page second = alice.post("/collections/inventory/new", values);

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).isEqualTo(303);
        assertThat(second.location()).isEqualTo(first.location());
    }

    @Test
    void a_create_form_key_that_created_a_record_in_another_collection_is_refused_with_422_and_the_input_kept() {
        WebClient admin = admin();
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");
        assertThat(admin.post("/admin/collections", form("_csrf", csrf, "name", "Desks", "slug", "desks",
                "field_0_key", "name", "field_0_label", "Name", "field_0_type", "text")).status()).isEqualTo(303);
        WebClient alice = logIn("alice");
        Map<String, String> values = inventory(alice.get("/collections/inventory/new"), "Keyed", "KEYED-1", "1", "");
        long created = idFrom(alice.post("/collections/inventory/new", values).location());
        WebClient.Page desks = alice.get("/collections/desks/new");

        WebClient.Page refused = alice.post("/collections/desks/new", form("_csrf", desks.hidden("_csrf"),
                "idempotency_key", values.get("idempotency_key"), "name", "Standing desk"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.select("[data-testid=form-notice]").text()).contains("record " + created).contains("Inventory");
        assertThat(page.select("input[name=name]").val()).isEqualTo("Standing desk");
        assertThat(refused.hidden("idempotency_key")).isNotEqualTo(values.get("idempotency_key"));
        assertThat(alice.get("/collections/desks").body()).doesNotContain("Standing desk");
    }

    @Test
    void a_double_submitted_edit_form_counts_its_change_once() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Counter", "TWICE-2");
        WebClient.Page form = alice.get("/records/" + id + "/edit");
        // Bob saves first, so Alice's form is merged; her quantity 5 -> 6 counts once however often it is sent.
        bob.post("/records/" + id, inventory(bob.get("/records/" + id + "/edit"), "Counter", "TWICE-2", "7", "notes"));
        Map<String, String> values = inventory(form, "Counter", "TWICE-2", "6", "notes");

        WebClient.Page first = alice.post("/records/" + id, values);
        WebClient.Page second = alice.post("/records/" + id, values);

        assertThat(first.status()).as(first.body()).isEqualTo(303);
        assertThat(second.status()).as(second.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id + "/edit").hidden("version")).isEqualTo("3");
        assertThat(alice.get("/records/" + id + "/edit").form("record-form").get("quantity")).containsExactly("8");
    }

    @Test
    void a_stale_save_answers_409_with_the_users_values_and_the_current_ones() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Chair", "CHAIR-1");
        WebClient.Page aliceForm = alice.get("/records/" + id + "/edit");
        WebClient.Page bobForm = bob.get("/records/" + id + "/edit");
        assertThat(bob.post("/records/" + id, inventory(bobForm, "Chair (Bob)", "CHAIR-1", "5", "notes")).status()).isEqualTo(303);

        WebClient.Page stale = alice.post("/records/" + id, inventory(aliceForm, "Chair (Alice)", "CHAIR-1", "4",
                "Alice's long\ndescription"));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body())
                .contains("data-testid=\"merge-page\"")
                .contains("<strong>Bob</strong> saved version <strong>2</strong>")
                .contains("Chair (Alice)")
                .contains("Alice&#39;s long\ndescription")
                .contains("Chair (Bob)");
        assertThat(stale.hidden("version")).isEqualTo("2");
        WebClient.Page current = alice.get("/records/" + id);
        assertThat(current.body()).contains("Chair (Bob)").doesNotContain("Chair (Alice)");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
        assertThat(Invariants.revisionCount(app.database().dsl(), id)).isEqualTo(2);
    }

    @Test
    void a_stale_save_from_another_tab_of_the_same_user_says_so() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Shelf", "SHELF-1");
        WebClient.Page tab1 = alice.get("/records/" + id + "/edit");
        WebClient.Page tab2 = alice.get("/records/" + id + "/edit");
        alice.post("/records/" + id, inventory(tab1, "Shelf A", "SHELF-1", "5", "notes"));

        WebClient.Page stale = alice.post("/records/" + id, inventory(tab2, "Shelf B", "SHELF-1", "5", "notes"));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("in another tab");
    }

    @Test
    void a_forged_version_token_is_400_and_changes_nothing() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Rug", "RUG-1");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        Map<String, String> values = inventory(edit, "Rug (forged)", "RUG-1", "5", "notes");
        values.put("version_token", "forged-token");

        WebClient.Page result = alice.post("/records/" + id, values);
        values.remove("version_token");
        WebClient.Page missing = alice.post("/records/" + id, values);

        assertThat(result.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(result.body()).contains("version token");
        assertThat(alice.get("/records/" + id).body()).doesNotContain("Rug (forged)");
        assertThat(Invariants.revisionCount(app.database().dsl(), id)).isEqualTo(1);
    }

    @Test
    void a_save_without_csrf_token_is_403_and_changes_nothing() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Vase", "VASE-1");
        Map<String, String> values = inventory(alice.get("/records/" + id + "/edit"), "Vase (no csrf)", "VASE-1", "5", "n");
        values.remove("_csrf");

        assertThat(alice.post("/records/" + id, values).status()).isEqualTo(403);
        assertThat(Invariants.revisionCount(app.database().dsl(), id)).isEqualTo(1);
    }

    @Test
    void markup_typed_into_fields_is_shown_as_text() {
        WebClient alice = logIn("alice");
        String evil = "<script>alert('x')</script>";
        long id = create(alice, evil, "XSS-1");

        for (String path : new String[] {"/records/" + id, "/records/" + id + "/edit", "/collections/inventory", "/records/" + id + "/history"}) {
            String body = alice.get(path).body();
            assertThat(body).as(path).doesNotContain("<script>").contains("&lt;script&gt;");
        }
    }

    @Test
    void delete_is_version_checked() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Stool", "STOOL-1");
        WebClient.Page aliceView = alice.get("/records/" + id);
        bob.post("/records/" + id, inventory(bob.get("/records/" + id + "/edit"), "Stool (Bob)", "STOOL-1", "5", "n"));

        WebClient.Page stale = alice.post("/records/" + id + "/delete", form("_csrf", aliceView.hidden("_csrf"),
                "version", aliceView.hidden("version"), "version_token", aliceView.hidden("version_token")));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("Stool (Bob)");

        WebClient.Page deleted = alice.post("/records/" + id + "/delete", form("_csrf", stale.hidden("_csrf"),
                "version", stale.hidden("version"), "version_token", stale.hidden("version_token")));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(alice.get("/records/" + id + "/edit").status()).isEqualTo(404);
        assertThat(alice.get("/records/" + id + "/history").body()).contains("data-kind=\"delete\"");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void an_oversized_body_is_refused_with_413() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Big", "BIG-1");
        // Alice's edit form, sent from a logged-in session through a client that reads the answer while it
        // writes: the server refuses the body without reading it and closes the connection,
        // which an ordinary client reports as a broken pipe instead of the 413.
        RawHttp raw = new RawHttp(app.port());
        raw.logIn("alice", TestApp.DEMO_PASSWORD);
        Map<String, String> values = inventory(alice.get("/records/" + id + "/edit"), "Big", "BIG-1", "5", "x".repeat(5_000_000));

        RawHttp.Answer result = raw.send("POST", "/records/" + id, "application/x-www-form-urlencoded",
                WebClient.encode(values).getBytes(StandardCharsets.UTF_8));

        assertThat(result.status()).isEqualTo(413);
        assertThat(Invariants.revisionCount(app.database().dsl(), id)).isEqualTo(1);
    }

    @Test
    void a_malformed_form_encoding_is_refused_with_400() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Odd", "ODD-1");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");

        WebClient.Page result = alice.postRaw("/records/" + id, "_csrf=" + edit.hidden("_csrf") + "&name=%E0%A4%A&version=1");

        assertThat(result.status()).isEqualTo(400);
        assertThat(Invariants.revisionCount(app.database().dsl(), id)).isEqualTo(1);
    }

    @Test
    void records_list_pages_by_keyset() {
        WebClient alice = logIn("alice");
        for (int i = 0; i < RecordRoutes.PAGE_SIZE + 2; i++) {
            create(alice, "Bulk " + i, "BULK-" + i);
        }
        WebClient.Page first = alice.get("/collections/inventory");
        Matcher next = Pattern.compile("href=\"(/collections/inventory\\?after=\\d+)\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        WebClient.Page second = alice.get(next.group(1).replace("&amp;", "&"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("Bulk " + (RecordRoutes.PAGE_SIZE + 1));
        assertThat(first.body()).doesNotContain(">Bulk " + (RecordRoutes.PAGE_SIZE + 1) + "<");
    }

    @Test
    void a_save_after_the_session_ended_keeps_the_input_through_the_login() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Lamp", "LAMP-9");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        app.database().dsl().deleteFrom(stet.db.jooq.Tables.APP_SESSION).execute(); // the session expires

        Map<String, String> typed = inventory(edit, "Lamp (typed)", "LAMP-9", "5", "two\nlines");
        typed.put("_replay", edit.form("record-form").get("_replay").get(0)); // as the browser posts the form
        WebClient.Page expired = alice.post("/records/" + id, typed);

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).contains("Your session has ended").contains("value=\"Lamp (typed)\"");
        Map<String, String> login = expired.hiddenFields();
        login.put("username", "alice");
        login.put("password", TestApp.DEMO_PASSWORD);

        WebClient.Page resubmit = alice.post("/login", login);
        assertThat(resubmit.status()).isEqualTo(200);
        assertThat(resubmit.body()).contains("data-testid=\"resubmit-page\"").contains("Lamp (typed)");

        Map<String, String> kept = resubmit.hiddenFields();
        assertThat(kept).containsEntry("name", "Lamp (typed)").containsEntry("description", "two\nlines")
                .containsEntry("active", "true").containsEntry("version", "1");
        WebClient.Page sent = alice.post("/records/" + id, kept);
        assertThat(sent.status()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Lamp (typed)");
    }
}
