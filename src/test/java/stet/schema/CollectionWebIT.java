package stet.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

class CollectionWebIT extends WebTest {

    static WebClient.Page createContacts(WebClient admin, String slug) {
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");
        return admin.post("/admin/collections", form("_csrf", csrf, "name", "Contacts " + slug, "slug", slug,
                "field_0_key", "email", "field_0_label", "E-mail", "field_0_type", "text", "field_0_required", "true",
                "field_1_key", "notes", "field_1_type", "longtext",
                "field_2_key", "", "field_2_type", "text"));
    }

    @Test
    void admin_creates_a_collection_and_editors_can_add_records_to_it() {
        WebClient admin = admin();
        WebClient.Page created = createContacts(admin, "contacts-a");
        assertThat(created.status()).isEqualTo(303);
        assertThat(created.location()).isEqualTo("/collections/contacts-a");

        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        WebClient.Page newForm = alice.get("/collections/contacts-a/new");
        assertThat(newForm.body()).contains("E-mail").contains("name=\"notes\"");
        WebClient.Page record = alice.post("/collections/contacts-a/new", form("_csrf", newForm.hidden("_csrf"),
                "idempotency_key", newForm.hidden("idempotency_key"), "email", "ann@example.org", "notes", "met at fair"));
        assertThat(record.status()).isEqualTo(303);
    }

    @Test
    void editors_cannot_create_or_change_collections() {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        assertThat(alice.get("/admin/collections/new").status()).isEqualTo(403);
        assertThat(alice.get("/collections/inventory/edit").status()).isEqualTo(403);
        String csrf = alice.get("/collections").hidden("_csrf");
        assertThat(alice.post("/admin/collections", form("_csrf", csrf, "name", "X", "slug", "x",
                "field_0_key", "a", "field_0_type", "text")).status()).isEqualTo(403);
        assertThat(admin().get("/collections/x").status()).isEqualTo(404);
    }

    @Test
    void a_taken_slug_is_refused_and_the_form_keeps_the_input() {
        WebClient admin = admin();
        createContacts(admin, "contacts-b");
        WebClient.Page again = createContacts(admin, "contacts-b");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("Another collection already uses &#39;contacts-b&#39;.").contains("value=\"email\"");
    }

    @Test
    void the_error_summary_counts_field_rows_from_one_and_links_to_the_row_input() {
        WebClient admin = admin();
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");

        WebClient.Page refused = admin.post("/admin/collections", form("_csrf", csrf, "name", "Rows", "slug", "rows-a",
                "field_0_key", "comment", "field_0_type", "text",
                "field_1_key", "fine", "field_1_type", "text", "field_1_delta", "true"));

        assertThat(refused.status()).isEqualTo(422);
        Document page = Jsoup.parse(refused.body());
        Element first = page.selectFirst("[data-testid=error-summary-link][data-field=field_0_key]");
        Element second = page.selectFirst("[data-testid=error-summary-link][data-field=field_1_delta]");
        assertThat(first.text()).startsWith("Field row 1, key: ");
        assertThat(second.text()).startsWith("Field row 2, delta: ");
        assertThat(page.getElementById(first.attr("href").substring(1)).attr("name")).isEqualTo("field_0_key");
        assertThat(page.getElementById(second.attr("href").substring(1)).attr("name")).isEqualTo("field_1_delta");
    }

    @Test
    void a_stale_definition_save_is_409_and_keeps_the_admins_changes() {
        WebClient admin1 = admin();
        WebClient admin2 = admin();
        createContacts(admin1, "contacts-c");
        WebClient.Page form1 = admin1.get("/collections/contacts-c/edit");
        WebClient.Page form2 = admin2.get("/collections/contacts-c/edit");
        Map<String, String> first = definition(form2, "Contacts (renamed)", "phone");
        assertThat(admin2.post("/collections/contacts-c", first).status()).isEqualTo(303);

        WebClient.Page stale = admin1.post("/collections/contacts-c", definition(form1, "Contacts (mine)", "city"));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("data-testid=\"collection-stale\"").contains("value=\"Contacts (mine)\"")
                .contains("value=\"city\"");
        assertThat(stale.hidden("version")).isEqualTo("2");
        assertThat(admin1.get("/collections/contacts-c").body()).contains("Contacts (renamed)");
    }

    @Test
    void a_definition_saved_without_a_change_keeps_its_version_and_says_nothing_changed() {
        WebClient admin = admin();
        createContacts(admin, "contacts-e");
        WebClient.Page edit = admin.get("/collections/contacts-e/edit");

        WebClient.Page result = admin.postForm("/collections/contacts-e", edit.form("collection-form"));

        assertThat(result.status()).isEqualTo(303);
        WebClient.Page list = admin.get(result.location());
        assertThat(list.text("flash")).contains("Nothing changed").contains("version 1");
        assertThat(admin.get("/collections/contacts-e/edit").hidden("version")).isEqualTo("1");
    }

    @Test
    void making_a_field_unique_fails_clearly_while_records_share_a_value() {
        WebClient admin = admin();
        createContacts(admin, "contacts-d");
        for (int i = 0; i < 2; i++) {
            WebClient.Page newForm = admin.get("/collections/contacts-d/new");
            admin.post("/collections/contacts-d/new", form("_csrf", newForm.hidden("_csrf"), "idempotency_key",
                    newForm.hidden("idempotency_key"), "email", "same@example.org"));
        }
        WebClient.Page edit = admin.get("/collections/contacts-d/edit");
        Map<String, String> values = definition(edit, "Contacts", "");
        values.put("field_0_unique", "true");

        WebClient.Page result = admin.post("/collections/contacts-d", values);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body()).contains("Records already share the value &#39;same@example.org&#39;");
    }

    /** The edit form as posted: the two existing fields, optionally one new text field. */
    static Map<String, String> definition(WebClient.Page form, String name, String newKey) {
        Map<String, String> values = form("_csrf", form.hidden("_csrf"), "version", form.hidden("version"),
                "version_token", form.hidden("version_token"), "name", name,
                "field_0_key", "email", "field_0_label", "E-mail", "field_0_type", "text", "field_0_required", "true",
                "field_0_existing", "true",
                "field_1_key", "notes", "field_1_label", "notes", "field_1_type", "longtext", "field_1_existing", "true",
                "field_2_key", newKey, "field_2_type", "text");
        return values;
    }
}
