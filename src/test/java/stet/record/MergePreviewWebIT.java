package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.MergeWebIT.DESCRIPTION;
import static stet.record.MergeWebIT.create;
import static stet.record.MergeWebIT.editForm;
import static stet.record.MergeWebIT.replaceLine;
import static stet.record.MergeWebIT.save;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/** The merge page's result pane, its Preview (the page without JavaScript), its counter and its folded panes. */
class MergePreviewWebIT extends WebTest {

    /** Bob changes line two and the price; Alice changes line two and the price too: two conflicts. */
    private WebClient.Page conflict(WebClient alice, WebClient bob, long id, String description) {
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", description.replace("Line two", "Line two (Bob)"));
        set(bobForm, "price", "30");
        assertThat(save(bob, id, bobForm).status()).isEqualTo(303);
        set(aliceForm, "description", description.replace("Line two", "Line two (Alice)"));
        set(aliceForm, "price", "549");
        WebClient.Page page = save(alice, id, aliceForm);
        assertThat(page.status()).isEqualTo(409);
        return page;
    }

    private static long revisions(long id) {
        return app.database().dsl().fetchCount(stet.db.jooq.Tables.REVISION, stet.db.jooq.Tables.REVISION.RECORD_ID.eq(id));
    }

    @Test
    void nothing_is_chosen_for_the_user_and_the_result_shows_each_conflict_as_a_gap() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "GAPS-1");

        WebClient.Page page = conflict(alice, bob, id, DESCRIPTION);

        Map<String, List<String>> form = page.form("merge-form");
        assertThat(form).doesNotContainKeys("price__choice", "description__hunk_1");
        assertThat(form.get("price")).containsExactly("");
        String result = MergeWebIT.section(page.body(), "result-preview");
        assertThat(result).contains("<span class=\"part gap\" data-hunk=\"1\">conflict 1: not decided yet</span>")
                .doesNotContain("&lt;&lt;&lt;&lt;");
        assertThat(page.body()).contains("<span class=\"part gap\">not decided yet</span>");
        assertThat(page.body()).contains("data-testid=\"conflicts-left\" data-left=\"2\">0 of 2 conflicts decided")
                .contains("href=\"#conflict-description-1\"")
                .contains(">Save my resolution</span>").contains("class=\"remaining\"> (2 conflicts left)</span>");
    }

    @Test
    void preview_shows_the_page_again_with_the_result_of_the_choices_and_saves_nothing() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "PREVIEW-1");
        WebClient.Page page = conflict(alice, bob, id, DESCRIPTION);
        Map<String, List<String>> form = page.form("merge-form");
        set(form, "description__hunk_1", "theirs");
        set(form, "price", "499");
        set(form, "comment", "half decided");
        set(form, "__preview", "true");

        WebClient.Page preview = alice.postForm("/records/" + id, form);

        assertThat(preview.status()).isEqualTo(409);
        assertThat(revisions(id)).as("nothing saved").isEqualTo(2);
        assertThat(preview.body()).doesNotContain("data-testid=\"merge-errors\"")
                .contains("data-original-version=\"1\"").contains("data-theirs-version=\"2\"")
                .contains("data-left=\"1\">1 of 2 conflicts decided").contains("href=\"#conflict-price\"");
        assertThat(MergeWebIT.section(preview.body(), "result-preview"))
                .contains("<span class=\"part merged\">Line one\n</span>"
                        + "<span class=\"part chosen\" data-hunk=\"1\">Line two (Bob)\n</span>"
                        + "<span class=\"part merged\">Line three\nLine four\nLine five\n</span>");
        Map<String, List<String>> kept = preview.form("merge-form");
        assertThat(kept.get("description__hunk_1")).containsExactly("theirs");
        assertThat(kept.get("price")).containsExactly("499");
        assertThat(kept.get("comment")).containsExactly("half decided");
        assertThat(kept.get("description")).containsExactly(replaceLine(DESCRIPTION, "Line two", "Line two (Bob)"));

        set(kept, "price__choice", "typed");
        WebClient.Page saved = alice.postForm("/records/" + id, kept);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        Revision revision = MergeWebIT.revision(id, 3);
        assertThat(revision.data()).containsEntry("price", "499")
                .containsEntry("description", replaceLine(DESCRIPTION, "Line two", "Line two (Bob)"));
        assertThat(revision.comment()).isEqualTo("half decided");
    }

    @Test
    void a_preview_of_a_form_that_is_no_merge_page_is_refused() {
        WebClient alice = logIn("alice");
        long id = create(alice, "PREVIEW-2");
        Map<String, List<String>> form = editForm(alice, id);
        set(form, "__preview", "true");

        assertThat(alice.postForm("/records/" + id, form).status()).isEqualTo(400);
        assertThat(revisions(id)).isEqualTo(1);
    }

    @Test
    void a_long_text_shows_its_changed_regions_and_folds_the_rest() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        StringBuilder long30 = new StringBuilder("Line one\nLine two\n");
        for (int i = 3; i <= 30; i++) {
            long30.append("Line ").append(i).append('\n');
        }
        long id = create(alice, "FOLD-1");
        Map<String, List<String>> setUp = editForm(alice, id);
        set(setUp, "description", long30.toString());
        assertThat(save(alice, id, setUp).status()).isEqualTo(303);

        WebClient.Page page = conflict(alice, bob, id, long30.toString());

        // Lines 1–4 are shown (the change is line 2); lines 5–30 fold in each pane, and after the conflict.
        assertThat(page.body()).contains("<summary>… 26 unchanged lines</summary>")
                .contains("<summary>… 26 unchanged lines</summary>")
                .containsPattern("<details class=\"folded\"><summary>… 26 unchanged lines</summary>\\s*"
                        + "<pre class=\"stable-text\">\nLine 5\n");
    }
}
