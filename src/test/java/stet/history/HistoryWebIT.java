package stet.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import stet.record.RecordStore;
import stet.record.Revision;
import stet.support.Invariants;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/** Compare, revert, undo, restore, the audit log, and who may use them. */
class HistoryWebIT extends WebTest {

    static long create(WebClient client, String sku, String description) {
        return Records.create(client, "inventory",
                Map.of("name", "Item " + sku, "sku", sku, "description", description, "quantity", "10"));
    }

    static void edit(WebClient client, long id, String field, String value) {
        Map<String, List<String>> form = client.get("/records/" + id + "/edit").form("record-form");
        set(form, field, value);
        WebClient.Page saved = client.postForm("/records/" + id, form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }

    static Revision revision(long id, int version) {
        return new RecordStore(app.database().dsl()).revision(id, version).orElseThrow();
    }

    static int version(long id) {
        return new RecordStore(app.database().dsl()).find(id).orElseThrow().version();
    }

    @Test
    void any_version_can_be_viewed_and_any_two_compared() {
        WebClient alice = logIn("alice");
        long id = create(alice, "VIEW-1", "one\ntwo\n");
        edit(alice, id, "description", "one\nthree\n");

        WebClient.Page first = alice.get("/records/" + id + "/revisions/1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("data-version=\"1\"").contains("one\ntwo\n").doesNotContain("revert-link");

        WebClient.Page compare = alice.get("/records/" + id + "/compare?from=1&to=2");
        assertThat(compare.body()).contains("data-field=\"description\"")
                .contains("<del>two</del>").contains("<ins>three</ins>");
        assertThat(compare.body()).as("side by side only").doesNotContain("data-testid=\"diff-text\"");
        WebClient.Page inline = alice.get("/records/" + id + "/compare?from=1&to=2&view=inline");
        assertThat(inline.body()).contains("<del>two</del><ins>three</ins>")
                .contains("data-testid=\"diff-text\"").as("inline only").doesNotContain("class=\"side-by-side\"");
        assertThat(alice.get("/records/" + id + "/revisions/9").status()).isEqualTo(404);
        WebClient.Page missing = alice.get("/records/" + id + "/compare?from=1&to=9");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("This record has no version 9: its versions are 1 to 2.");
    }

    @Test
    void a_line_break_added_at_the_end_of_a_text_shows_in_both_views_of_a_comparison() {
        WebClient alice = logIn("alice");
        long id = create(alice, "EOL-2", "a\nb");
        edit(alice, id, "description", "a\nb\n");

        WebClient.Page sideBySide = alice.get("/records/" + id + "/compare?from=1&to=2");
        WebClient.Page inline = alice.get("/records/" + id + "/compare?from=1&to=2&view=inline");

        assertThat(sideBySide.body()).contains("<span class=\"line added note\"><ins>(line break at the end)</ins></span>");
        assertThat(inline.body()).contains("<span class=\"line added note\"><ins>(line break at the end)</ins></span>");
    }

    @Test
    void admin_reverts_to_an_older_version_as_a_new_revision() {
        WebClient admin = admin();
        long id = create(admin, "REVERT-1", "first\n");
        edit(admin, id, "description", "second\n");
        edit(admin, id, "name", "Renamed");

        WebClient.Page preview = admin.get("/records/" + id + "/revert/1");
        assertThat(preview.body()).contains("data-testid=\"revert-preview\"").contains("<h1>Revert to version 1</h1>")
                .contains("data-field=\"name\"")
                .contains("data-field=\"description\"");
        WebClient.Page reverted = admin.postForm("/records/" + id + "/revert/1", preview.form("revert-form"));

        assertThat(reverted.status()).isEqualTo(303);
        Revision four = revision(id, 4);
        assertThat(four.kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(four.data()).isEqualTo(revision(id, 1).data());
        assertThat(four.baseVersion()).isEqualTo(3);
        assertThat(four.comment()).isEqualTo("Reverted to version 1");
        assertThat(admin.get("/records/" + id + "/history").body()).contains("data-kind=\"revert\"");
        Invariants.assertHistoryConsistent(app.database().dsl(), id);
    }

    @Test
    void a_stale_revert_shows_the_merge_page_not_a_silent_overwrite() {
        WebClient admin = admin();
        WebClient bob = logIn("bob");
        long id = create(admin, "REVERT-2", "a\nb\nc\n");
        edit(admin, id, "description", "a\nB\nc\n");
        WebClient.Page preview = admin.get("/records/" + id + "/revert/1");
        edit(bob, id, "name", "Bob's name");

        WebClient.Page result = admin.postForm("/records/" + id + "/revert/1", preview.form("revert-form"));

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.body()).contains("data-testid=\"merge-page\"").contains("data-testid=\"revert-notice\"")
                .contains("name=\"merge_kind\" value=\"revert\"");
        assertThat(version(id)).isEqualTo(3);
        // Confirming it records a revert that keeps Bob's name.
        WebClient.Page saved = admin.postForm("/records/" + id, result.form("merge-form"));
        assertThat(saved.status()).isEqualTo(303);
        Revision four = revision(id, 4);
        assertThat(four.kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(four.data()).containsEntry("name", "Bob's name").containsEntry("description", "a\nb\nc\n");
    }

    @Test
    void a_stale_revert_sent_back_with_a_bad_value_stays_a_revert_once_corrected() {
        WebClient admin = admin();
        StaleRevert stale = staleRevert(admin, "REVERT-3");
        long id = stale.id();
        Map<String, List<String>> resolved = stale.merge().form("merge-form");
        set(resolved, "quantity", "-5");

        WebClient.Page refused = admin.postForm("/records/" + id, resolved);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("name=\"merge_kind\" value=\"revert\"");
        Map<String, List<String>> corrected = refused.form("record-form");
        set(corrected, "quantity", "5");
        assertThat(admin.postForm("/records/" + id, corrected).status()).isEqualTo(303);
        assertThat(revision(id, 4).kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(revision(id, 4).data()).containsEntry("name", "Bob's name").containsEntry("quantity", "5");
    }

    @Test
    void undo_removes_one_middle_change_and_keeps_the_later_ones() {
        WebClient admin = admin();
        long id = create(admin, "UNDO-1", "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n");
        edit(admin, id, "description", "line 1 (v2)\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n");
        edit(admin, id, "description", "line 1 (v2)\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7 (v3)\n");

        WebClient.Page preview = admin.get("/records/" + id + "/undo/2");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("data-testid=\"undo-preview\"").contains("<h1>Undo the change of version 2</h1>");
        WebClient.Page done = admin.postForm("/records/" + id + "/undo/2", preview.form("undo-form"));

        assertThat(done.status()).isEqualTo(303);
        Revision four = revision(id, 4);
        assertThat(four.kind()).isEqualTo(Revision.Kind.UNDO);
        assertThat(four.data().get("description")).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7 (v3)\n");
        assertThat(four.comment()).isEqualTo("Undid version 2");
    }

    @Test
    void an_undo_that_conflicts_with_later_changes_shows_the_merge_page() {
        WebClient admin = admin();
        long id = create(admin, "UNDO-2", "x\n");
        edit(admin, id, "description", "x, changed\n");
        edit(admin, id, "description", "x, changed again\n");

        WebClient.Page page = admin.get("/records/" + id + "/undo/2");

        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("data-testid=\"merge-page\"").contains("data-testid=\"undo-notice\"")
                .contains("data-outcome=\"CONFLICT\"");
        Map<String, List<String>> form = page.form("merge-form");
        set(form, "description__hunk_1", "yours");
        assertThat(admin.postForm("/records/" + id, form).status()).isEqualTo(303);
        Revision four = revision(id, 4);
        assertThat(four.kind()).isEqualTo(Revision.Kind.UNDO);
        assertThat(four.data().get("description")).isEqualTo("x\n");
    }

    @Test
    void an_undo_resolved_to_keep_every_later_change_records_nothing() {
        WebClient admin = admin();
        long id = create(admin, "UNDO-3", "x\n");
        edit(admin, id, "description", "x, changed\n");
        edit(admin, id, "description", "x, changed again\n");
        WebClient.Page page = admin.get("/records/" + id + "/undo/2");
        Map<String, List<String>> form = page.form("merge-form");
        set(form, "description__hunk_1", "theirs");

        WebClient.Page result = admin.postForm("/records/" + id, form);

        assertThat(result.status()).as(result.body()).isEqualTo(303);
        assertThat(admin.get("/records/" + id).body()).contains("Nothing changed, so nothing was saved.");
        assertThat(version(id)).isEqualTo(3);
    }

    @Test
    void a_revert_refused_for_a_value_taken_since_is_still_a_revert_once_corrected() {
        long id = correctedAfterItsValueWasTaken("TAKEN-1", "revert/1", "revert-form");

        Revision three = revision(id, 3);
        assertThat(three.kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(three.comment()).isEqualTo("Reverted to version 1");
        assertThat(three.data()).containsEntry("sku", "TAKEN-1, fixed").containsEntry("description", "first\n");
        assertThat(admin().get("/admin/audit?kind=revert").body()).contains("data-testid=\"audit-" + id + "-3\"");
    }

    @Test
    void an_undo_refused_for_a_value_taken_since_is_still_an_undo_once_corrected() {
        long id = correctedAfterItsValueWasTaken("TAKEN-3", "undo/2", "undo-form");

        assertThat(revision(id, 3).kind()).isEqualTo(Revision.Kind.UNDO);
        assertThat(revision(id, 3).comment()).isEqualTo("Undid version 2");
    }

    /**
     * A record whose SKU {@code sku} was changed and then taken by another record: the admin's
     * {@code action} ("revert/1", "undo/2") that brings it back is refused (422, the edit form
     * saying what it resolves), and saved once the SKU is fixed. Returns the record's id.
     */
    private static long correctedAfterItsValueWasTaken(String sku, String action, String formId) {
        WebClient admin = admin();
        long id = create(admin, sku, "first\n");
        edit(admin, id, "sku", sku + ", moved");
        create(admin, sku, "another record\n");
        WebClient.Page preview = admin.get("/records/" + id + "/" + action);

        WebClient.Page refused = admin.postForm("/records/" + id + "/" + action, preview.form(formId));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("name=\"merge_kind\" value=\"" + action.substring(0, action.indexOf('/')) + "\"");
        Map<String, List<String>> corrected = refused.form("record-form");
        set(corrected, "sku", sku + ", fixed");
        assertThat(admin.postForm("/records/" + id, corrected).status()).isEqualTo(303);
        return id;
    }

    @Test
    void a_stale_revert_keeps_its_note_through_the_merge_page() {
        WebClient admin = admin();
        StaleRevert stale = staleRevert(admin, "REVERT-4");

        assertThat(admin.postForm("/records/" + stale.id(), stale.merge().form("merge-form")).status()).isEqualTo(303);

        assertThat(revision(stale.id(), 4).kind()).isEqualTo(Revision.Kind.REVERT);
        assertThat(revision(stale.id(), 4).comment()).isEqualTo("Reverted to version 1");
    }

    /** A record's revert to version 1, sent after Bob renamed it since the admin's preview. */
    private record StaleRevert(long id, WebClient.Page merge) {}

    /** The admin reverts a new record with SKU {@code sku} after Bob saved over the preview: the merge page (409). */
    private static StaleRevert staleRevert(WebClient admin, String sku) {
        long id = create(admin, sku, "a\nb\nc\n");
        edit(admin, id, "description", "a\nB\nc\n");
        WebClient.Page preview = admin.get("/records/" + id + "/revert/1");
        edit(logIn("bob"), id, "name", "Bob's name");
        WebClient.Page merge = admin.postForm("/records/" + id + "/revert/1", preview.form("revert-form"));
        assertThat(merge.status()).isEqualTo(409);
        return new StaleRevert(id, merge);
    }

    @Test
    void undo_of_a_version_past_the_newest_is_not_found() {
        WebClient admin = admin();
        long id = create(admin, "UNDO-4", "x\n");
        edit(admin, id, "description", "y\n");

        WebClient.Page page = admin.get("/records/" + id + "/undo/5");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("has no version 5");
        assertThat(admin.get("/records/" + id + "/undo/1").status()).as("the first version exists but cannot be undone")
                .isEqualTo(400);
    }

    @Test
    void deleted_records_are_listed_and_restored_as_a_new_revision() {
        WebClient admin = admin();
        long id = create(admin, "GONE-9", "kept\n");
        WebClient.Page view = admin.get("/records/" + id);
        admin.postForm("/records/" + id + "/delete", view.form("delete-form"));

        WebClient.Page list = admin.get("/collections/inventory/deleted");
        assertThat(list.body()).contains("data-testid=\"deleted-" + id + "\"").contains("Admin");
        WebClient.Page restored = admin.postRaw("/records/" + id + "/restore", formOfRestore(list, id));

        assertThat(restored.status()).isEqualTo(303);
        assertThat(revision(id, 3).kind()).isEqualTo(Revision.Kind.RESTORE);
        assertThat(revision(id, 3).data()).isEqualTo(revision(id, 1).data());
        assertThat(admin.get("/collections/inventory/deleted").body()).doesNotContain("data-testid=\"deleted-" + id + "\"");
    }

    @Test
    void a_restore_from_the_deleted_list_that_needs_a_value_fixed_says_so_in_its_own_words() {
        WebClient admin = admin();
        long id = create(admin, "GONE-10", "kept\n");
        admin.postForm("/records/" + id + "/delete", admin.get("/records/" + id).form("delete-form"));
        create(admin, "GONE-10", "took its SKU\n");
        WebClient.Page list = admin.get("/collections/inventory/deleted");

        WebClient.Page refused = admin.postRaw("/records/" + id + "/restore", formOfRestore(list, id));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("deleted-heading")).isEqualTo("Restore this record: some of its values need fixing");
        assertThat(refused.body()).doesNotContain("while you were editing").doesNotContain("Nothing you typed is lost");
        // Sent again still unfixed, the page says the same.
        WebClient.Page again = admin.postForm("/records/" + id + "/restore", refused.form("restore-form"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.text("deleted-heading")).isEqualTo("Restore this record: some of its values need fixing");
        Map<String, List<String>> fixed = again.form("restore-form");
        set(fixed, "sku", "GONE-11");
        assertThat(admin.postForm("/records/" + id + "/restore", fixed).status()).isEqualTo(303);
        assertThat(revision(id, 3).kind()).isEqualTo(Revision.Kind.RESTORE);
    }

    /** The restore form of one row of the deleted list, as posted. */
    static String formOfRestore(WebClient.Page list, long id) {
        String body = list.body();
        int row = body.indexOf("data-testid=\"deleted-" + id + "\"");
        int start = body.indexOf("<form", row);
        int end = body.indexOf("</form>", start);
        Matcher hidden = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(body.substring(start, end));
        StringBuilder form = new StringBuilder();
        while (hidden.find()) {
            form.append(form.length() == 0 ? "" : "&").append(java.net.URLEncoder.encode(hidden.group(1), java.nio.charset.StandardCharsets.UTF_8))
                    .append('=').append(java.net.URLEncoder.encode(hidden.group(2).replace("&#10;", "\n"), java.nio.charset.StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    @Test
    void editors_get_403_on_every_admin_route_and_nothing_changes() {
        WebClient admin = admin();
        long id = create(admin, "GUARD-1", "v1\n");
        edit(admin, id, "description", "v2\n");
        WebClient bob = logIn("bob");
        String csrf = bob.get("/collections").hidden("_csrf");
        WebClient.Page view = bob.get("/records/" + id);
        String token = view.hidden("version_token");

        for (String path : List.of("/records/" + id + "/revert/1", "/records/" + id + "/undo/2",
                "/collections/inventory/deleted", "/admin/audit", "/admin/users", "/admin/collections/new",
                "/collections/inventory/edit")) {
            WebClient.Page page = bob.get(path);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).contains("data-status=\"403\"");
        }
        Map<String, String> post = WebClient.form("_csrf", csrf, "version", "2", "version_token", token);
        assertThat(bob.post("/records/" + id + "/revert/1", post).status()).isEqualTo(403);
        assertThat(bob.post("/records/" + id + "/undo/2", post).status()).isEqualTo(403);
        // Nor can an editor label a save of theirs a revert.
        Map<String, List<String>> form = bob.get("/records/" + id + "/edit").form("record-form");
        set(form, "merge_kind", "revert");
        set(form, "merge_base", "1");
        assertThat(bob.postForm("/records/" + id, form).status()).isEqualTo(403);
        assertThat(bob.get("/records/" + id + "/revisions/1").body()).doesNotContain("revert-link").doesNotContain("undo-link");
        assertThat(version(id)).isEqualTo(2);
    }

    @Test
    void history_pages_by_keyset_without_gaps_or_repeats() {
        WebClient admin = admin();
        long id = create(admin, "PAGES-1", "0\n");
        for (int i = 1; i <= HistoryRoutes.PAGE_SIZE; i++) {
            edit(admin, id, "quantity", Integer.toString(100 + i));
        }
        // 51 versions: a full first page and one more.
        WebClient.Page first = admin.get("/records/" + id + "/history");
        List<Integer> firstVersions = versions(first.body());
        assertThat(firstVersions).hasSize(HistoryRoutes.PAGE_SIZE).startsWith(51).endsWith(2);
        Matcher older = Pattern.compile("href=\"([^\"]*before=\\d+)\" data-testid=\"next-page\"").matcher(first.body());
        assertThat(older.find()).isTrue();
        WebClient.Page second = admin.get(older.group(1).replace("&amp;", "&"));
        assertThat(versions(second.body())).containsExactly(1);
        assertThat(second.body()).doesNotContain("data-testid=\"next-page\"");
    }

    @Test
    void a_history_cursor_beyond_any_version_number_is_refused_not_wrapped() {
        WebClient admin = admin();
        long id = create(admin, "PAGES-2", "0\n");
        edit(admin, id, "quantity", "5");

        // 2^32 + 2 would wrap to 2 (only version 1 shown), 2^31 to a negative number (an empty page).
        for (String before : List.of("4294967298", "2147483648", "-1")) {
            WebClient.Page page = admin.get("/records/" + id + "/history?before=" + before);
            assertThat(page.status()).as(before).isEqualTo(400);
            assertThat(page.body()).as(before).contains("before");
        }
        assertThat(versions(admin.get("/records/" + id + "/history?before=2").body())).containsExactly(1);
    }

    static List<Integer> versions(String body) {
        Matcher m = Pattern.compile("data-testid=\"revision-(\\d+)\"").matcher(body);
        List<Integer> versions = new java.util.ArrayList<>();
        while (m.find()) {
            versions.add(Integer.parseInt(m.group(1)));
        }
        return versions;
    }

    @Test
    void the_audit_log_filters_by_user_kind_and_time_and_pages() {
        WebClient admin = admin();
        WebClient carolLike = logIn("bob");
        long id = create(carolLike, "AUDIT-1", "a\n");
        edit(carolLike, id, "name", "Audited");
        long bobId = app.database().dsl().select(stet.db.jooq.Tables.APP_USER.ID).from(stet.db.jooq.Tables.APP_USER)
                .where(stet.db.jooq.Tables.APP_USER.USERNAME.eq("bob")).fetchSingle(stet.db.jooq.Tables.APP_USER.ID);

        WebClient.Page byBob = admin.get("/admin/audit?user=" + bobId + "&kind=update");
        assertThat(byBob.body()).contains("data-testid=\"audit-" + id + "-2\"").doesNotContain("data-testid=\"audit-" + id + "-1\"");
        WebClient.Page tomorrow = admin.get("/admin/audit?from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2));
        assertThat(tomorrow.body()).contains("data-testid=\"audit-empty\"");
        assertThat(admin.get("/admin/audit?from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/admin/audit?after=garbage").status()).isEqualTo(400);

        // Paging: every entry once, in order, across pages.
        List<String> seen = new java.util.ArrayList<>();
        String url = "/admin/audit";
        for (int page = 0; page < 20 && url != null; page++) {
            WebClient.Page p = admin.get(url);
            Matcher m = Pattern.compile("data-testid=\"(audit-\\d+-\\d+)\"").matcher(p.body());
            while (m.find()) {
                seen.add(m.group(1));
            }
            Matcher next = Pattern.compile("data-testid=\"next-page\"\\s+href=\"([^\"]+)\"").matcher(p.body());
            url = next.find() ? next.group(1).replace("&amp;", "&") : null;
        }
        int total = app.database().dsl().fetchCount(stet.db.jooq.Tables.REVISION);
        assertThat(seen).doesNotHaveDuplicates().hasSize(total);
    }
}
