package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A field an admin removes while someone has a form open: what they typed into it is never
 * dropped unseen. The form comes back (409, nothing saved) with every other value as typed and
 * the removed field's text shown read-only to copy; saving again saves the rest. A removed
 * field the user left as it was is no reason to stop the save.
 */
class RemovedFieldWebIT extends WebTest {

    @Test
    void text_typed_into_a_field_removed_meanwhile_is_shown_back_and_nothing_is_saved() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-a", "Bolt", "grey");

        WebClient.Page refused = saveAfterColourRemoved(alice, "parts-a", id, "Bolt M6", "blue, not grey\nsecond line");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Document page = Jsoup.parse(refused.body());
        Element removed = page.selectFirst("[data-testid=removed-fields]");
        assertThat(removed).as(refused.body()).isNotNull();
        Element kept = removed.selectFirst("textarea[data-field=colour]");
        assertThat(kept.wholeText()).isEqualTo("blue, not grey\nsecond line");
        assertThat(kept.hasAttr("readonly")).isTrue();
        assertThat(kept.hasAttr("name")).as("shown to copy, never posted").isFalse();
        assertThat(page.selectFirst("#f-title").val()).isEqualTo("Bolt M6");
        assertThat(alice.get("/records/" + id).body()).contains("Bolt").doesNotContain("Bolt M6");

        // Saved again from the page it came back as: the rest is saved, without the removed field.
        WebClient.Page saved = alice.postForm("/records/" + id, refused.form("record-form"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Bolt M6");
    }

    @Test
    void a_removed_field_left_as_it_was_does_not_stop_the_save() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-b", "Nut", "black");
        // No field removed yet: the forms say nothing of removed fields.
        assertThat(alice.get("/records/" + id + "/edit").body()).doesNotContain("removed-fields");
        assertThat(alice.get("/collections/parts-b/new").body()).doesNotContain("removed-fields");

        WebClient.Page saved = saveAfterColourRemoved(alice, "parts-b", id, "Nut M6", "black");

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Nut M6");
    }

    @Test
    void a_removed_field_the_user_left_as_the_form_showed_it_does_not_stop_the_save_though_someone_changed_it() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-j", "Cog", "brass");
        Map<String, List<String>> form = alice.get("/records/" + id + "/edit").form("record-form");
        set(form, "title", "Cog M4");
        WebClient bob = logIn("bob");
        Map<String, List<String>> his = bob.get("/records/" + id + "/edit").form("record-form");
        set(his, "colour", "bronze");
        assertThat(bob.postForm("/records/" + id, his).status()).isEqualTo(303);
        removeColour(admin(), "parts-j");

        WebClient.Page saved = alice.postForm("/records/" + id, form);

        // Alice never typed in the colour: "brass" is what her form showed, so nothing of hers is lost.
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Cog M4");
    }

    @Test
    void a_new_record_keeps_what_was_typed_into_a_field_removed_meanwhile() {
        WebClient admin = admin();
        WebClient alice = logIn("alice");
        createParts(admin, "parts-c");
        Map<String, List<String>> form = alice.get("/collections/parts-c/new").form("record-form");
        set(form, "title", "Washer");
        set(form, "colour", "zinc");
        removeColour(admin, "parts-c");

        WebClient.Page refused = alice.postForm("/collections/parts-c/new", form);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.selectFirst("[data-testid=removed-fields] textarea[data-field=colour]").wholeText()).isEqualTo("zinc");
        assertThat(page.selectFirst("#f-title").val()).isEqualTo("Washer");
        assertThat(alice.get("/collections/parts-c").body()).doesNotContain("Washer");
    }

    @Test
    void a_removed_field_and_an_invalid_value_are_both_shown() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-d", "Screw", "silver");

        WebClient.Page refused = saveAfterColourRemoved(alice, "parts-d", id, "", "gold");

        assertThat(refused.status()).isEqualTo(422);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.selectFirst("[data-testid=error-title]").text()).isEqualTo("Required.");
        assertThat(page.selectFirst("[data-testid=removed-fields] textarea[data-field=colour]").wholeText()).isEqualTo("gold");
    }

    @Test
    void the_restore_form_keeps_what_was_typed_into_a_field_removed_meanwhile() {
        WebClient admin = admin();
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = createRecord(alice, "parts-e", "Rivet", "copper");
        Map<String, List<String>> edit = alice.get("/records/" + id + "/edit").form("record-form");
        WebClient.Page confirm = bob.get("/records/" + id + "/delete");
        assertThat(bob.postForm("/records/" + id + "/delete", confirm.form("delete-confirm-form")).status()).isEqualTo(303);
        WebClient.Page deletedPage = alice.postForm("/records/" + id, edit);
        assertThat(deletedPage.status()).as(deletedPage.body()).isEqualTo(409);
        Map<String, List<String>> restore = deletedPage.form("restore-form");
        set(restore, "colour", "brass");
        removeColour(admin, "parts-e");

        WebClient.Page refused = alice.postForm("/records/" + id + "/restore", restore);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.selectFirst("[data-testid=removed-fields] textarea[data-field=colour]").wholeText()).isEqualTo("brass");
        WebClient.Page restored = alice.postForm("/records/" + id + "/restore", refused.form("restore-form"));
        assertThat(restored.status()).as(restored.body()).isEqualTo(303);
    }

    @Test
    void a_resolution_typed_on_the_merge_page_into_a_field_removed_meanwhile_is_shown_back_and_nothing_is_saved() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-f", "Pin", "steel");
        WebClient.Page mergePage = mergePageOfTwoEdits(alice, "parts-f", id);
        Map<String, List<String>> resolution = mergePage.form("merge-form");
        set(resolution, "title__choice", "yours");
        set(resolution, "colour__mode", "text");
        set(resolution, "colour", "stainless steel, as we agreed");
        removeColour(admin(), "parts-f");

        WebClient.Page refused = alice.postForm("/records/" + id, resolution);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.selectFirst("[data-testid=removed-fields] textarea[data-field=colour]").wholeText())
                .isEqualTo("stainless steel, as we agreed");
        assertThat(alice.get("/records/" + id).body()).as("nothing saved").contains("Pin B").doesNotContain("Pin A");
        // Saved again from the page it came back as: the rest of the resolution is saved.
        WebClient.Page saved = alice.postForm("/records/" + id, refused.form("merge-form"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Pin A");
    }

    @Test
    void a_conflict_left_undecided_in_a_field_removed_meanwhile_shows_its_text_and_keeps_the_other_choices() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-g", "Pin", "steel");

        WebClient.Page refused = savedWithColourUndecidedAndRemoved(alice, "parts-g", id, true);

        assertThat(Jsoup.parse(refused.body()).selectFirst("[data-testid=removed-fields] textarea[data-field=colour]")
                .wholeText()).contains("steel, painted by Alice");
        WebClient.Page saved = alice.postForm("/records/" + id, refused.form("merge-form"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Pin A");
    }

    @Test
    void a_conflict_left_undecided_in_a_field_removed_meanwhile_shows_the_users_own_text_when_the_page_sent_no_edited_text() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-k", "Pin", "steel");

        // Resolved conflict by conflict, the page's script does not send the free-edit box.
        WebClient.Page refused = savedWithColourUndecidedAndRemoved(alice, "parts-k", id, false);

        assertThat(Jsoup.parse(refused.body()).selectFirst("[data-testid=removed-fields] textarea[data-field=colour]")
                .wholeText()).isEqualTo("steel, painted by Alice");
    }

    /**
     * Alice's merge page of two edits, her title chosen and the colour left undecided, posted
     * (with or without the colour's free-edit text) after the admin removed the colour: the
     * page comes back (409), her title's choice kept.
     */
    private static WebClient.Page savedWithColourUndecidedAndRemoved(WebClient alice, String slug, long id,
            boolean withFreeText) {
        Map<String, List<String>> resolution = mergePageOfTwoEdits(alice, slug, id).form("merge-form");
        set(resolution, "title__choice", "yours");
        if (!withFreeText) {
            resolution.remove("colour");
        }
        removeColour(admin(), slug);
        WebClient.Page refused = alice.postForm("/records/" + id, resolution);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(Jsoup.parse(refused.body()).selectFirst("input[name=title__choice][value=yours]").hasAttr("checked"))
                .isTrue();
        return refused;
    }

    @Test
    void keeping_theirs_in_a_field_removed_meanwhile_loses_nothing_so_the_merge_page_saves() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-h", "Pin", "steel");
        WebClient.Page mergePage = mergePageOfTwoEdits(alice, "parts-h", id);
        Map<String, List<String>> resolution = mergePage.form("merge-form");
        set(resolution, "title__choice", "yours");
        set(resolution, "colour__hunk_1", "theirs");
        removeColour(admin(), "parts-h");

        WebClient.Page saved = alice.postForm("/records/" + id, resolution);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Pin A");
    }

    @Test
    void a_one_line_conflict_left_undecided_in_a_field_removed_meanwhile_shows_the_users_own_value() {
        WebClient alice = logIn("alice");
        long id = createRecord(alice, "parts-i", "text", "Pin", "steel");
        WebClient.Page mergePage = mergePageOfTwoEdits(alice, "parts-i", id);
        Map<String, List<String>> resolution = mergePage.form("merge-form");
        set(resolution, "title__choice", "yours");
        removeColour(admin(), "parts-i");

        WebClient.Page refused = alice.postForm("/records/" + id, resolution);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(Jsoup.parse(refused.body()).selectFirst("[data-testid=removed-fields] textarea[data-field=colour]")
                .wholeText()).isEqualTo("steel, painted by Alice");
    }

    /** Bob saves a title and a colour after Alice opened the record; her own save of both comes back as the merge page. */
    private static WebClient.Page mergePageOfTwoEdits(WebClient alice, String slug, long id) {
        Map<String, List<String>> hers = alice.get("/records/" + id + "/edit").form("record-form");
        WebClient bob = logIn("bob");
        Map<String, List<String>> his = bob.get("/records/" + id + "/edit").form("record-form");
        set(his, "title", "Pin B");
        set(his, "colour", "steel, painted by Bob");
        assertThat(bob.postForm("/records/" + id, his).status()).isEqualTo(303);
        set(hers, "title", "Pin A");
        set(hers, "colour", "steel, painted by Alice");
        WebClient.Page mergePage = alice.postForm("/records/" + id, hers);
        assertThat(mergePage.status()).as(mergePage.body()).isEqualTo(409);
        assertThat(mergePage.has("merge-form")).isTrue();
        return mergePage;
    }

    /** A collection with a required title and a colour (removed by {@link #removeColour}). */
    private static void createParts(WebClient admin, String slug) {
        createParts(admin, slug, "longtext");
    }

    /** {@link #createParts(WebClient, String)} with a colour of {@code colourType}. */
    private static void createParts(WebClient admin, String slug, String colourType) {
        String csrf = admin.get("/admin/collections/new").hidden("_csrf");
        WebClient.Page created = admin.post("/admin/collections", form("_csrf", csrf, "name", "Parts " + slug, "slug", slug,
                "field_0_key", "title", "field_0_label", "Title", "field_0_type", "text", "field_0_required", "true",
                "field_1_key", "colour", "field_1_label", "Colour", "field_1_type", colourType));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
    }

    private static void removeColour(WebClient admin, String slug) {
        Map<String, List<String>> definition = admin.get("/collections/" + slug + "/edit").form("collection-form");
        set(definition, "field_1_remove", "true");
        WebClient.Page saved = admin.postForm("/collections/" + slug, definition);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }

    /** Opens the edit form of {@code id}, types a title and a colour, then has the admin remove the colour, then saves. */
    private static WebClient.Page saveAfterColourRemoved(WebClient client, String slug, long id, String title, String colour) {
        Map<String, List<String>> form = client.get("/records/" + id + "/edit").form("record-form");
        set(form, "title", title);
        set(form, "colour", colour);
        removeColour(admin(), slug);
        return client.postForm("/records/" + id, form);
    }

    /** Creates the collection {@code slug} (see {@link #createParts}) and a record in it. */
    private static long createRecord(WebClient client, String slug, String title, String colour) {
        return createRecord(client, slug, "longtext", title, colour);
    }

    /** {@link #createRecord(WebClient, String, String, String)} with a colour of {@code colourType}. */
    private static long createRecord(WebClient client, String slug, String colourType, String title, String colour) {
        createParts(admin(), slug, colourType);
        Map<String, List<String>> form = client.get("/collections/" + slug + "/new").form("record-form");
        set(form, "title", title);
        set(form, "colour", colour);
        WebClient.Page created = client.postForm("/collections/" + slug + "/new", form);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return RecordWebIT.idFrom(created.location());
    }
}
