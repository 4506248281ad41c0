package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.LEASE;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import stet.support.Invariants;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/** The stale-save paths of the web app: automatic merges, the merge page and its resolutions. */
class MergeWebIT extends WebTest {

    static final String DESCRIPTION = "Line one\nLine two\nLine three\nLine four\nLine five\n";

    /** An Inventory record with known values; returns its id. */
    static long create(WebClient client, String sku) {
        WebClient.Page form = client.get("/collections/inventory/new");
        Map<String, List<String>> fields = form.form("record-form");
        set(fields, "name", "Kettle " + sku);
        set(fields, "sku", sku);
        set(fields, "description", DESCRIPTION);
        set(fields, "quantity", "10");
        set(fields, "price", "20");
        WebClient.Page created = client.postForm("/collections/inventory/new", fields);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        Matcher m = Pattern.compile("/records/(\\d+)").matcher(created.location());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The edit form of a record as a browser would submit it, untouched. */
    static Map<String, List<String>> editForm(WebClient client, long id) {
        return client.get("/records/" + id + "/edit").form("record-form");
    }

    static WebClient.Page save(WebClient client, long id, Map<String, List<String>> form) {
        return client.postForm("/records/" + id, form);
    }

    /**
     * Alice and Bob open record {@code id}'s edit form; Bob saves {@code field} as {@code bobs},
     * then Alice, from the version she opened, saves it as {@code alices}: what her save answers.
     */
    static WebClient.Page bothSave(WebClient alice, WebClient bob, long id, String field, String alices, String bobs) {
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, field, bobs);
        assertThat(save(bob, id, bobForm).status()).isEqualTo(303);
        set(aliceForm, field, alices);
        return save(alice, id, aliceForm);
    }

    static String replaceLine(String text, String line, String replacement) {
        assertThat(text).contains(line);
        return text.replace(line, replacement);
    }

    @Test
    void a_clean_merge_is_saved_at_once_with_a_notice_and_a_link_to_the_changes() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "CLEAN-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "price", "25");
        assertThat(save(bob, id, bobForm).status()).isEqualTo(303);

        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line four", "Line four, by Alice"));
        WebClient.Page result = save(alice, id, aliceForm);

        assertThat(result.status()).isEqualTo(303);
        WebClient.Page shown = alice.get("/records/" + id);
        assertThat(shown.body())
                .contains("Merged with Bob&#39;s change (version 2): you changed Description; Bob changed Price.")
                .contains("data-testid=\"flash-link\"")
                .contains("Line four, by Alice")
                .contains("25");
        Revision merge = revision(id, 3);
        assertThat(merge.kind()).isEqualTo(Revision.Kind.MERGE);
        assertThat(merge.baseVersion()).isEqualTo(1);
        assertThat(merge.mergedVersion()).isEqualTo(2);
        assertThat(merge.changedFields()).containsExactly("description");
        Matcher link = Pattern.compile("href=\"(/records/" + id + "/compare\\?from=1&amp;to=3)\"").matcher(shown.body());
        assertThat(link.find()).as(shown.body()).isTrue();
        WebClient.Page diff = alice.get(link.group(1).replace("&amp;", "&"));
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.body()).contains("data-field=\"description\"").contains("data-field=\"price\"");
        assertThat(alice.get("/records/" + id + "/history").body()).contains("(from version 1 with 2)");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    static Revision revision(long id, int version) {
        return new RecordStore(app.database().dsl()).revision(id, version).orElseThrow();
    }

    @Test
    void delta_numbers_merge_without_a_conflict() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "DELTA-1");

        WebClient.Page result = bothSave(alice, bob, id, "quantity", "7", "15");

        assertThat(result.status()).isEqualTo(303);
        WebClient.Page shown = alice.get("/records/" + id);
        assertThat(shown.body()).contains("15 + (7 − 10) = 12");
        assertThat(shown.body()).containsPattern("data-testid=\"value-quantity\">\\s*<span>12</span>");
    }

    @Test
    void a_conflict_answers_409_with_the_merge_page_and_its_three_panes() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "PANES-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", replaceLine(DESCRIPTION, "Line two", "Line two (Bob)"));
        set(bobForm, "price", "30");
        set(bobForm, "comment", "price rise");
        save(bob, id, bobForm);

        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line two", "Line two (Alice)"));
        set(aliceForm, "name", "Kettle, renamed by Alice");
        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.status()).isEqualTo(409);
        String body = page.body();
        assertThat(body).contains("data-testid=\"merge-page\"").contains("data-original-version=\"1\"")
                .contains("data-theirs-version=\"2\"").contains("<strong>Bob</strong> saved version <strong>2</strong>")
                .contains("price rise");
        // Conflicts first, then the fields one side changed, labelled.
        List<String> rows = attributeValues(body, "data-field");
        assertThat(rows).containsExactly("description", "name", "price");
        assertThat(attributeValues(body, "data-outcome")).containsExactly("CONFLICT", "YOURS_ONLY", "THEIRS_ONLY");
        assertThat(body).contains("Only Bob changed this: their value is kept.").contains("Only you changed this");
        String original = section(body, "pane-original");
        String theirs = section(body, "pane-theirs");
        String yours = section(body, "pane-yours");
        assertThat(text(original)).contains("Line one\nLine two\nLine three");
        assertThat(text(theirs)).contains("Line two (Bob)").doesNotContain("Alice");
        assertThat(text(yours)).contains("Line two (Alice)").doesNotContain("Bob");
        assertThat(theirs).contains("<span class=\"same\">Line two</span><span class=\"added\"> (Bob)</span>");
        // The hunk and its choices, and the resolved rows' inputs with their merged values.
        assertThat(body).contains("data-hunk=\"1\"").contains("data-choice=\"yours\"").contains("data-choice=\"theirs_yours\"");
        Map<String, List<String>> form = page.form("merge-form");
        assertThat(form.get("name")).containsExactly("Kettle, renamed by Alice");
        assertThat(form.get("price")).containsExactly("30");
        assertThat(form.get("version")).containsExactly("2");
        assertThat(form.get("merge_base")).containsExactly("1");
        // The free-edit box starts from the result as it stands: the undecided conflict holds both sides, no markers.
        assertThat(form.get("description")).containsExactly(
                "Line one\nLine two (Alice)\nLine two (Bob)\nLine three\nLine four\nLine five\n");
        assertThat(form).doesNotContainKey("description__hunk_1");
        assertThat(app.database().dsl().fetchCount(stet.db.jooq.Tables.REVISION, stet.db.jooq.Tables.REVISION.RECORD_ID.eq(id)))
                .as("nothing saved yet").isEqualTo(2);
    }

    @Test
    void a_resolution_is_saved_exactly_and_recorded_as_a_merge() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "RESOLVE-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        // Three unchanged lines between the edits keep them two conflicts (git joins closer ones).
        String base = "Line one\nLine two\nLine three\nLine four\nLine five\n";
        set(bobForm, "description", base.replace("Line one", "Line one (Bob)") + "Line six (Bob)\n");
        save(bob, id, bobForm);
        set(aliceForm, "description", base.replace("Line one", "Line one (Alice)") + "Line six (Alice)\n");
        WebClient.Page page = save(alice, id, aliceForm);
        assertThat(page.status()).isEqualTo(409);

        Map<String, List<String>> resolution = page.form("merge-form");
        set(resolution, "description__hunk_1", "yours");
        set(resolution, "description__hunk_2", "theirs");
        WebClient.Page saved = alice.postForm("/records/" + id, resolution);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        Revision revision = revision(id, 3);
        assertThat(revision.data().get("description"))
                .isEqualTo("Line one (Alice)\nLine two\nLine three\nLine four\nLine five\nLine six (Bob)\n");
        assertThat(revision.kind()).isEqualTo(Revision.Kind.MERGE);
        assertThat(revision.baseVersion()).isEqualTo(1);
        assertThat(revision.mergedVersion()).isEqualTo(2);
        assertThat(revision.authorName()).isEqualTo("Alice");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void a_resolution_that_keeps_what_is_saved_saves_nothing() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "THEIRS-ONLY-1");
        WebClient.Page page = bothSave(alice, bob, id, "name", "Alice's name", "Bob's name");
        assertThat(page.status()).isEqualTo(409);

        Map<String, List<String>> resolution = page.form("merge-form");
        set(resolution, "name__choice", "theirs");
        WebClient.Page result = alice.postForm("/records/" + id, resolution);

        assertThat(result.status()).as(result.body()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Nothing changed, so nothing was saved.")
                .doesNotContain("Saved version");
        assertThat(new RecordStore(app.database().dsl()).find(id).orElseThrow().version()).isEqualTo(2);
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void both_orders_and_free_text_resolve_a_conflict() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "BOTH-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", replaceLine(DESCRIPTION, "Line three", "Bob's three"));
        save(bob, id, bobForm);
        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line three", "Alice's three"));
        WebClient.Page page = save(alice, id, aliceForm);

        Map<String, List<String>> both = page.form("merge-form");
        set(both, "description__hunk_1", "theirs_yours");
        Map<String, List<String>> text = page.form("merge-form");
        set(text, "description__mode", "text");
        set(text, "description", "Line one\nLine two\n<<<<<<< yours\nAlice's three\n=======\nBob's three\n>>>>>>> theirs\n");

        // Free text that still holds markers is refused, and the page keeps it.
        WebClient.Page refused = alice.postForm("/records/" + id, text);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("data-testid=\"merge-errors\"").contains("still has conflict markers");
        assertThat(refused.form("merge-form").get("description__mode")).containsExactly("text");
        // The text box is what is wrong, not the conflicts it replaces.
        Document refusedPage = Jsoup.parse(refused.body());
        assertThat(refusedPage.selectFirst("[data-testid=result-text]").attr("aria-invalid")).isEqualTo("true");
        assertThat(refusedPage.selectFirst("[data-testid=result-text]").attr("aria-describedby"))
                .isEqualTo(refusedPage.selectFirst("[data-testid=error-description]").id());
        assertThat(refusedPage.select("[data-testid=hunk][aria-invalid]")).isEmpty();

        WebClient.Page saved = alice.postForm("/records/" + id, both);
        assertThat(saved.status()).isEqualTo(303);
        assertThat(revision(id, 3).data().get("description"))
                .isEqualTo(replaceLine(DESCRIPTION, "Line three", "Bob's three\nAlice's three"));
    }

    @Test
    void an_undecided_conflict_comes_back_with_a_message_and_keeps_what_was_typed() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "UNDECIDED-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "name", "Bob's name");
        save(bob, id, bobForm);
        set(aliceForm, "name", "Alice's name");
        set(aliceForm, "comment", "my comment");
        WebClient.Page page = save(alice, id, aliceForm);

        Map<String, List<String>> resolution = page.form("merge-form");
        set(resolution, "name", "A third name");
        WebClient.Page again = alice.postForm("/records/" + id, resolution);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("data-testid=\"error-name\">Choose your value, theirs, or type a new one.");
        Map<String, List<String>> kept = again.form("merge-form");
        assertThat(kept.get("name")).containsExactly("A third name");
        assertThat(kept.get("comment")).containsExactly("my comment");
        assertThat(kept.get("name__yours")).containsExactly("Alice's name");

        set(kept, "name__choice", "typed");
        assertThat(alice.postForm("/records/" + id, kept).status()).isEqualTo(303);
        assertThat(revision(id, 3).data().get("name")).isEqualTo("A third name");
        assertThat(revision(id, 3).comment()).isEqualTo("my comment");
    }

    @Test
    void a_save_during_resolution_shows_the_merge_page_again_against_the_newer_version() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "AGAIN-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", replaceLine(DESCRIPTION, "Line two", "Line two (Bob)"));
        save(bob, id, bobForm);
        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line two", "Line two (Alice)"));
        WebClient.Page page = save(alice, id, aliceForm);
        Map<String, List<String>> resolution = page.form("merge-form");
        set(resolution, "description__hunk_1", "yours_theirs");

        Map<String, List<String>> bobAgain = editForm(bob, id);
        set(bobAgain, "description", replaceLine(DESCRIPTION, "Line two", "Line two (Bob, again)"));
        assertThat(save(bob, id, bobAgain).status()).isEqualTo(303);

        WebClient.Page second = alice.postForm("/records/" + id, resolution);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).contains("data-original-version=\"2\"").contains("data-theirs-version=\"3\"");
        assertThat(text(section(second.body(), "pane-original"))).contains("Line two (Bob)\n");
        assertThat(text(section(second.body(), "pane-yours"))).contains("Line two (Alice)\nLine two (Bob)\n");
        assertThat(text(section(second.body(), "pane-theirs"))).contains("Line two (Bob, again)");

        Map<String, List<String>> last = second.form("merge-form");
        set(last, "description__hunk_1", "yours");
        assertThat(alice.postForm("/records/" + id, last).status()).isEqualTo(303);
        Revision saved = revision(id, 4);
        assertThat(saved.data().get("description"))
                .isEqualTo(replaceLine(DESCRIPTION, "Line two", "Line two (Alice)\nLine two (Bob)"));
        assertThat(saved.baseVersion()).isEqualTo(2);
        assertThat(saved.mergedVersion()).isEqualTo(3);
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void deleted_while_editing_can_be_restored_with_my_changes() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "GONE-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        deleteFromRecordPage(bob, id);

        set(aliceForm, "name", "Kettle, kept by Alice");
        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("data-testid=\"deleted-page\"").contains("<strong>Bob</strong> deleted it");
        Map<String, List<String>> restore = page.form("restore-form");
        assertThat(restore.get("name")).containsExactly("Kettle, kept by Alice");
        WebClient.Page restored = alice.postForm("/records/" + id + "/restore", restore);

        assertThat(restored.status()).isEqualTo(303);
        StoredRecord record = new RecordStore(app.database().dsl()).find(id).orElseThrow();
        assertThat(record.deleted()).isFalse();
        assertThat(record.value("name")).isEqualTo("Kettle, kept by Alice");
        assertThat(record.version()).isEqualTo(3);
        assertThat(revision(id, 3).kind()).isEqualTo(Revision.Kind.RESTORE);
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void deleted_while_editing_with_a_value_now_invalid_offers_the_restore_and_takes_no_lease() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "GONE-3");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        alice.post("/records/" + id + "/lease/release", WebClient.form("_csrf", aliceForm.get("_csrf").get(0)));
        deleteFromRecordPage(bob, id);

        set(aliceForm, "quantity", "lots");
        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("data-testid=\"deleted-page\"").contains("<strong>Bob</strong> deleted it");
        assertThat(page.form("restore-form").get("quantity")).as("what was typed is kept").containsExactly("lots");
        assertThat(app.database().dsl().fetchCount(LEASE, LEASE.RECORD_ID.eq(id)
                .and(LEASE.EXPIRES_AT.gt(java.time.OffsetDateTime.now())))).as("no lease on a deleted record").isZero();
    }

    @Test
    void deleted_while_editing_can_be_discarded_and_nothing_changes() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "GONE-2");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        deleteFromRecordPage(bob, id);
        set(aliceForm, "name", "Discarded");

        WebClient.Page page = save(alice, id, aliceForm);
        assertThat(page.body()).contains("href=\"/records/" + id + "\" data-testid=\"discard-link\"");

        WebClient.Page record = alice.get("/records/" + id);
        assertThat(record.body()).contains("data-testid=\"record-deleted\"").doesNotContain("Discarded");
        assertThat(new RecordStore(app.database().dsl()).find(id).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void the_same_user_saving_from_two_tabs_is_told_so() {
        WebClient alice = logIn("alice");
        long id = create(alice, "TABS-1");
        Map<String, List<String>> tab1 = editForm(alice, id);
        Map<String, List<String>> tab2 = editForm(alice, id);
        set(tab1, "name", "From tab one");
        save(alice, id, tab1);
        set(tab2, "name", "From tab two");

        WebClient.Page page = save(alice, id, tab2);

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("You saved this record in another tab")
                .containsPattern("in another tab at\\s*<strong>\\d\\d:\\d\\d</strong>")
                .doesNotContain("<strong>Alice</strong> saved");
    }

    @Test
    void markup_typed_by_either_side_is_text_on_every_pane() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "XSS-2");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", replaceLine(DESCRIPTION, "Line two", "<script>alert('bob')</script>"));
        set(bobForm, "name", "<img src=x onerror=alert(1)>");
        save(bob, id, bobForm);
        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line two", "<b onclick=\"x()\">alice</b>"));
        set(aliceForm, "name", "<i>alice</i>");

        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b onclick")
                .doesNotContain("<i>alice</i>")
                .contains("&lt;script&gt;alert(&#39;bob&#39;)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void a_collection_can_ask_to_confirm_clean_merges() {
        WebClient admin = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
        WebClient.Page definition = admin.get("/admin/collections/new");
        Map<String, List<String>> newCollection = definition.form("collection-form");
        set(newCollection, "name", "Careful");
        set(newCollection, "slug", "careful");
        set(newCollection, "confirm_merges", "true");
        set(newCollection, "field_0_key", "title");
        set(newCollection, "field_1_key", "body");
        set(newCollection, "field_1_type", "longtext");
        assertThat(admin.postForm("/admin/collections", newCollection).status()).isEqualTo(303);
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        WebClient.Page newForm = alice.get("/collections/careful/new");
        Map<String, List<String>> fields = newForm.form("record-form");
        set(fields, "title", "Note");
        set(fields, "body", "a\nb\nc\n");
        WebClient.Page created = alice.postForm("/collections/careful/new", fields);
        long id = Long.parseLong(created.location().replaceAll("\\D+", ""));
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "title", "Note (Bob)");
        save(bob, id, bobForm);
        set(aliceForm, "body", "a\nb\nc, Alice\n");

        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("data-confirm-only=\"true\"").contains("Save the merged version")
                .doesNotContain("data-outcome=\"CONFLICT\"");
        assertThat(alice.postForm("/records/" + id, page.form("merge-form")).status()).isEqualTo(303);
        Revision merged = revision(id, 3);
        assertThat(merged.data()).containsEntry("title", "Note (Bob)").containsEntry("body", "a\nb\nc, Alice\n");
        assertThat(merged.kind()).isEqualTo(Revision.Kind.MERGE);
    }

    @Test
    void a_stale_save_of_a_long_text_reordered_on_both_sides_shows_the_merge_page_with_what_was_typed() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "LONG-1");
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add(String.format("line %06d", i));
        }
        String base = String.join("\n", lines) + "\n";
        Map<String, List<String>> form = editForm(alice, id);
        set(form, "description", base);
        assertThat(save(alice, id, form).status()).isEqualTo(303);
        java.util.Collections.reverse(lines);
        String reversed = String.join("\n", lines) + "\n";
        java.util.Collections.shuffle(lines, new java.util.Random(3));
        String shuffled = String.join("\n", lines) + "\n";

        // Each pane's diff is bounded by TextDiff's work budget (until issue textdiff-A, 53-59 s).
        WebClient.Page page = bothSave(alice, bob, id, "description", shuffled, reversed);

        assertThat(page.status()).isEqualTo(409);
        assertThat(attributeValues(page.body(), "data-outcome")).containsExactly("CONFLICT");
        Map<String, List<String>> merge = page.form("merge-form");
        assertThat(merge.get("description__yours")).containsExactly(shuffled);
        set(merge, "description__mode", "text");
        set(merge, "description", shuffled);
        assertThat(alice.postForm("/records/" + id, merge).status()).isEqualTo(303);
        assertThat(revision(id, 4).data().get("description")).isEqualTo(shuffled);
    }

    @Test
    void a_word_level_suggestion_is_offered_and_used_when_chosen() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "WORDS-1");
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", replaceLine(DESCRIPTION, "Line three", "Line three is red"));
        save(bob, id, bobForm);
        set(aliceForm, "description", replaceLine(DESCRIPTION, "Line three", "Our line three"));
        WebClient.Page page = save(alice, id, aliceForm);

        assertThat(page.body()).contains("data-testid=\"hunk-words\">\nOur line three is red\n</pre>");
        Map<String, List<String>> resolution = page.form("merge-form");
        assertThat(resolution).doesNotContainKey("description__hunk_1"); // never chosen for the user
        set(resolution, "description__hunk_1", "words");
        assertThat(alice.postForm("/records/" + id, resolution).status()).isEqualTo(303);
        assertThat(revision(id, 3).data().get("description"))
                .isEqualTo(replaceLine(DESCRIPTION, "Line three", "Our line three is red"));
    }

    /** The values of an attribute, in document order. */
    static List<String> attributeValues(String body, String attribute) {
        Matcher m = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(body);
        List<String> values = new java.util.ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    /** The HTML of the first element with this data-testid, up to the next pane or the form's end. */
    static String section(String body, String testId) {
        int start = body.indexOf("data-testid=\"" + testId + "\"");
        assertThat(start).as(testId).isNotNegative();
        int end = body.indexOf("</pre>", start);
        return body.substring(start, end);
    }

    /** Text content of some HTML: tags dropped, entities decoded. */
    static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                .replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** Deletes the record as the delete button of its page does (no confirmation page). */
    private static void deleteFromRecordPage(WebClient client, long id) {
        WebClient.Page view = client.get("/records/" + id);
        assertThat(client.post("/records/" + id + "/delete", WebClient.form("_csrf", view.hidden("_csrf"), "version",
                view.hidden("version"), "version_token", view.hidden("version_token"))).status()).isEqualTo(303);
    }
}
