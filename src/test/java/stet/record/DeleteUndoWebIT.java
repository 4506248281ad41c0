package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.support.Invariants;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Deleting asks first (the confirmation page), and the person who deleted can undo it,
 * as a version-checked restore in the history, while the delete is the record's latest
 * change; nobody else can, and not after anyone changed the record.
 */
class DeleteUndoWebIT extends WebTest {

    private static long create(WebClient client, String sku) {
        return Records.create(client, "inventory", Map.of("name", "Lamp " + sku, "sku", sku, "quantity", "3"));
    }

    /** Deletes through the confirmation page and returns the page the delete redirected to. */
    private static WebClient.Page deleteConfirmed(WebClient client, long id) {
        WebClient.Page confirm = client.get("/records/" + id + "/delete");
        assertThat(confirm.status()).isEqualTo(200);
        WebClient.Page deleted = client.postForm("/records/" + id + "/delete", confirm.form("delete-confirm-form"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(303);
        return client.get(deleted.location());
    }

    /** Saves a new name over the record through its edit form. */
    private static void rename(WebClient client, long id, String name) {
        Map<String, List<String>> edit = client.get("/records/" + id + "/edit").form("record-form");
        set(edit, "name", name);
        assertThat(client.postForm("/records/" + id, edit).status()).isEqualTo(303);
    }

    private static int version(long id) {
        return app.database().dsl().select(stet.db.jooq.Tables.RECORD.VERSION).from(stet.db.jooq.Tables.RECORD)
                .where(stet.db.jooq.Tables.RECORD.ID.eq(id)).fetchSingle().value1();
    }

    private static boolean deleted(long id) {
        return app.database().dsl().select(stet.db.jooq.Tables.RECORD.DELETED).from(stet.db.jooq.Tables.RECORD)
                .where(stet.db.jooq.Tables.RECORD.ID.eq(id)).fetchSingle().value1();
    }

    @Test
    void a_record_with_a_long_title_is_deleted_with_a_message_and_an_undo_a_browser_keeps() {
        WebClient alice = logIn("alice");
        // A title of 1,000 characters of three bytes each: URL-encoded, 9,000 bytes, twice a browser's cookie limit.
        WebClient admin = admin();
        WebClient.Page created = admin.post("/admin/collections", stet.support.WebClient.form("_csrf",
                admin.get("/admin/collections/new").hidden("_csrf"), "name", "Long titles", "slug", "long-titles",
                "field_0_key", "title", "field_0_label", "Title", "field_0_type", "text"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        long id = Records.create(alice, "long-titles", Map.of("title", "中".repeat(1000)));
        Map<String, String> confirm = new java.util.HashMap<>();
        alice.get("/records/" + id + "/delete").form("delete-confirm-form").forEach((k, v) -> confirm.put(k, v.get(0)));

        java.net.http.HttpResponse<String> deleted = alice.postResponse("/records/" + id + "/delete", confirm);

        assertThat(deleted.statusCode()).isEqualTo(303);
        String flash = deleted.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("stet_flash="))
                .findFirst().orElseThrow();
        assertThat(flash.length()).as("a browser drops a cookie over 4,096 bytes").isLessThan(4096);
        WebClient.Page list = alice.get(deleted.headers().firstValue("Location").orElseThrow());
        assertThat(list.body()).contains("Deleted “" + "中".repeat(60)).contains("data-testid=\"undo-delete\"");
    }

    @Test
    void the_confirmation_page_shows_the_values_and_the_signed_version_and_deletes_nothing_by_itself() {
        WebClient alice = logIn("alice");
        long id = create(alice, "CONF-1");

        WebClient.Page confirm = alice.get("/records/" + id + "/delete?version=1");

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("data-testid=\"delete-confirm\"").contains("Lamp CONF-1").contains("CONF-1")
                .doesNotContain("data-testid=\"delete-changed\"");
        Map<String, List<String>> form = confirm.form("delete-confirm-form");
        assertThat(form.get("version")).containsExactly("1");
        assertThat(form.get("version_token").get(0)).isNotBlank();
        assertThat(deleted(id)).isFalse();
    }

    @Test
    void the_confirmation_page_says_when_the_record_changed_since_the_user_looked_at_it() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "CONF-2");
        rename(bob, id, "Lamp CONF-2 (Bob)");

        WebClient.Page confirm = alice.get("/records/" + id + "/delete?version=1");

        assertThat(confirm.body()).contains("data-testid=\"delete-changed\"").contains("Lamp CONF-2 (Bob)");
        assertThat(confirm.form("delete-confirm-form").get("version")).containsExactly("2");
    }

    @Test
    void a_delete_that_went_stale_keeps_the_comment_typed_for_it() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "STALE-DEL-1");
        Map<String, List<String>> delete = alice.get("/records/" + id + "/delete?version=1").form("delete-confirm-form");
        set(delete, "comment", "sold out for good");
        rename(bob, id, "Lamp STALE-DEL-1 (Bob)");

        WebClient.Page stale = alice.postForm("/records/" + id + "/delete", delete);

        assertThat(stale.status()).isEqualTo(409);
        Map<String, List<String>> again = stale.form("delete-stale-form");
        assertThat(again.get("comment")).containsExactly("sold out for good");
        assertThat(alice.postForm("/records/" + id + "/delete", again).status()).isEqualTo(303);
        assertThat(deleted(id)).isTrue();
        assertThat(new RecordStore(app.database().dsl()).revision(id, 3).orElseThrow().comment())
                .isEqualTo("sold out for good");
    }

    @Test
    void the_same_delete_posted_twice_is_answered_as_deleted_both_times_and_deletes_once() {
        WebClient alice = logIn("alice");
        long id = create(alice, "TWICE-1");
        Map<String, List<String>> delete = alice.get("/records/" + id + "/delete").form("delete-confirm-form");
        set(delete, "comment", "sold out");

        WebClient.Page first = alice.postForm("/records/" + id + "/delete", delete);
        WebClient.Page second = alice.postForm("/records/" + id + "/delete", delete); // a double click

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).as(second.body()).isEqualTo(303);
        assertThat(second.location()).isEqualTo(first.location()).isEqualTo("/collections/inventory");
        WebClient.Page list = alice.get(second.location());
        assertThat(list.body()).contains("Deleted “Lamp TWICE-1”").contains("data-testid=\"undo-delete\"");
        assertThat(version(id)).isEqualTo(2);
        Map<String, List<String>> undo = list.form("flash-action");
        assertThat(undo.get("version")).containsExactly("2");
        assertThat(alice.postForm("/records/" + id + "/undo-delete", undo).status()).isEqualTo(303);
        assertThat(version(id)).as("deleted once, then undone").isEqualTo(3);
    }

    @Test
    void a_delete_of_a_record_deleted_since_says_it_is_deleted_not_that_it_was_kept() {
        WebClient alice = logIn("alice");
        long byBob = create(alice, "GONE-1");
        long byAlice = create(alice, "GONE-2");
        WebClient bob = logIn("bob");
        Map<String, List<String>> alicesDelete = alice.get("/records/" + byBob + "/delete").form("delete-confirm-form");
        Map<String, List<String>> otherTab = alice.get("/records/" + byAlice + "/delete").form("delete-confirm-form");
        set(otherTab, "comment", "typed in the other tab");
        deleteConfirmed(bob, byBob);
        deleteConfirmed(alice, byAlice);

        // Deleted by someone else, and by the same user with another comment: not this delete, so not "deleted".
        WebClient.Page deletedByBob = alice.postForm("/records/" + byBob + "/delete", alicesDelete);
        WebClient.Page deletedInAnotherTab = alice.postForm("/records/" + byAlice + "/delete", otherTab);

        for (WebClient.Page page : List.of(deletedByBob, deletedInAnotherTab)) {
            assertThat(page.status()).isEqualTo(409);
            assertThat(page.text("delete-stale-heading")).isEqualTo("Already deleted");
            assertThat(page.body()).doesNotContain("Not deleted").doesNotContain("Keep it")
                    .doesNotContain("data-testid=\"delete-stale-form\"");
        }
        assertThat(deletedByBob.text("stale-notice")).contains("already deleted by Bob");
        assertThat(deletedInAnotherTab.text("stale-notice")).contains("already deleted by you");
        // What was typed for the delete is not saved anywhere: the page shows it, to copy.
        assertThat(deletedInAnotherTab.text("delete-stale-comment")).isEqualTo("typed in the other tab");
        assertThat(deletedByBob.has("delete-stale-comment")).as("nothing typed, nothing shown").isFalse();
        assertThat(version(byBob)).isEqualTo(2);
        assertThat(version(byAlice)).isEqualTo(2);
    }

    @Test
    void a_delete_posted_with_its_version_still_deletes_without_the_confirmation_page() {
        WebClient alice = logIn("alice");
        long id = create(alice, "SCRIPT-1");

        WebClient.Page answer = alice.postForm("/records/" + id + "/delete", alice.get("/records/" + id).form("delete-form"));

        assertThat(answer.status()).isEqualTo(303);
        assertThat(deleted(id)).isTrue();
    }

    @Test
    void the_deleter_undoes_the_delete_from_the_flash_as_a_restore_in_the_history() {
        WebClient alice = logIn("alice");
        long id = create(alice, "UNDO-1");

        WebClient.Page list = deleteConfirmed(alice, id);
        assertThat(list.body()).contains("Deleted “Lamp UNDO-1”").contains("data-testid=\"undo-delete\"");
        Map<String, List<String>> undo = list.form("flash-action");
        assertThat(undo.get("version")).containsExactly("2");

        WebClient.Page answer = alice.postForm("/records/" + id + "/undo-delete", undo);

        assertThat(answer.status()).as(answer.body()).isEqualTo(303);
        assertThat(answer.location()).isEqualTo("/records/" + id);
        assertThat(alice.get("/records/" + id).body()).contains("Delete undone: the record is back as version 3.")
                .doesNotContain("data-testid=\"record-deleted\"");
        assertThat(deleted(id)).isFalse();
        assertThat(alice.get("/records/" + id + "/history").body()).contains("data-kind=\"restore\"");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void the_deleted_record_page_offers_the_undo_to_the_deleter_only() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "UNDO-2");
        deleteConfirmed(alice, id);

        WebClient.Page own = alice.get("/records/" + id);
        assertThat(own.body()).contains("data-testid=\"undo-delete-form\"");
        assertThat(bob.get("/records/" + id).body()).doesNotContain("data-testid=\"undo-delete-form\"");

        WebClient.Page answer = alice.postForm("/records/" + id + "/undo-delete", own.form("undo-delete-form"));
        assertThat(answer.status()).isEqualTo(303);
        assertThat(deleted(id)).isFalse();
    }

    @Test
    void the_undo_is_refused_once_someone_else_restored_the_record() {
        WebClient alice = logIn("alice");
        WebClient admin = admin();
        long id = create(alice, "UNDO-3");
        Map<String, List<String>> undo = deleteConfirmed(alice, id).form("flash-action");
        WebClient.Page restored = admin.postForm("/records/" + id + "/restore",
                admin.get("/collections/inventory/deleted").form("deleted-" + id));
        assertThat(restored.status()).as(restored.body()).isEqualTo(303);

        WebClient.Page answer = alice.postForm("/records/" + id + "/undo-delete", undo);

        assertThat(answer.status()).isEqualTo(303);
        assertThat(alice.get(answer.location()).body()).contains("Not undone: the record changed after your delete"
                + " (restored by Admin, now version 3). Nothing was changed.");
        assertThat(version(id)).isEqualTo(3);
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void the_undo_is_refused_after_the_record_was_restored_and_deleted_again() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "UNDO-4");
        Map<String, List<String>> undo = deleteConfirmed(alice, id).form("flash-action");
        assertThat(alice.postForm("/records/" + id + "/undo-delete", undo).status()).isEqualTo(303);
        deleteConfirmed(bob, id);

        WebClient.Page again = alice.postForm("/records/" + id + "/undo-delete", undo);

        assertThat(alice.get(again.location()).body()).contains("Not undone").contains("deleted again by Bob, now version 4");
        assertThat(deleted(id)).isTrue();
        assertThat(version(id)).isEqualTo(4);
    }

    @Test
    void someone_who_did_not_delete_the_record_cannot_undo_its_delete() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "UNDO-5");
        Map<String, List<String>> bobsEdit = bob.get("/records/" + id + "/edit").form("record-form");
        deleteConfirmed(alice, id);
        // Bob's save meets the delete: the page offering the restore signs the deleted version for him.
        WebClient.Page deletedPage = bob.postForm("/records/" + id, bobsEdit);
        assertThat(deletedPage.status()).isEqualTo(409);
        Map<String, List<String>> restore = deletedPage.form("restore-form");

        WebClient.Page answer = bob.post("/records/" + id + "/undo-delete", WebClient.form("_csrf",
                restore.get("_csrf").get(0), "version", restore.get("version").get(0), "version_token",
                restore.get("version_token").get(0)));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("Only the person who deleted this record can undo the delete");
        assertThat(deleted(id)).isTrue();
    }

    @Test
    void an_undo_with_a_changed_version_is_refused_with_400() {
        WebClient alice = logIn("alice");
        long id = create(alice, "UNDO-6");
        Map<String, List<String>> undo = deleteConfirmed(alice, id).form("flash-action");
        set(undo, "version", "1");

        assertThat(alice.postForm("/records/" + id + "/undo-delete", undo).status()).isEqualTo(400);
        assertThat(deleted(id)).isTrue();
    }

    @Test
    void an_undo_whose_unique_value_was_taken_meanwhile_offers_the_restore_form_with_the_message() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "UNDO-7");
        Map<String, List<String>> undo = deleteConfirmed(alice, id).form("flash-action");
        create(bob, "UNDO-7");

        WebClient.Page answer = alice.postForm("/records/" + id + "/undo-delete", undo);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("Your delete could not be undone as it was").contains("data-testid=\"restore-form\"")
                .contains("data-testid=\"error-sku\">&#39;UNDO-7&#39; is already taken.");
        assertThat(deleted(id)).isTrue();
    }
}
