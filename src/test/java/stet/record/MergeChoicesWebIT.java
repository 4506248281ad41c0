package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.MergeWebIT.create;
import static stet.record.MergeWebIT.editForm;
import static stet.record.MergeWebIT.revision;
import static stet.record.MergeWebIT.save;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.merge.ConflictRegion;
import stet.merge.LineMerge;
import stet.merge.Side;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * The merge page's one-click choices and suggestions without JavaScript: each button posts,
 * and the page comes back with the choices made and nothing saved; only Save saves.
 */
class MergeChoicesWebIT extends WebTest {

    private static final String BASE = MergeWebIT.DESCRIPTION;

    /** Bob saves {@code bobs} (and the price) over a record, then Alice saves {@code alices}: her merge page. */
    private static Conflict conflict(String sku, String alices, String bobs, String alicePrice, String bobPrice) {
        return conflict(sku, null, alices, bobs, alicePrice, bobPrice);
    }

    /** As above, from a record whose description is {@code start} (null: the one it is created with). */
    private static Conflict conflict(String sku, String start, String alices, String bobs, String alicePrice,
            String bobPrice) {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, sku);
        if (start != null) {
            Map<String, List<String>> first = editForm(alice, id);
            set(first, "description", start);
            assertThat(save(alice, id, first).status()).isEqualTo(303);
        }
        Map<String, List<String>> aliceForm = editForm(alice, id);
        Map<String, List<String>> bobForm = editForm(bob, id);
        set(bobForm, "description", bobs);
        if (bobPrice != null) {
            set(bobForm, "price", bobPrice);
        }
        assertThat(save(bob, id, bobForm).status()).isEqualTo(303);
        set(aliceForm, "description", alices);
        if (alicePrice != null) {
            set(aliceForm, "price", alicePrice);
        }
        WebClient.Page page = save(alice, id, aliceForm);
        assertThat(page.status()).as(page.body()).isEqualTo(409);
        return new Conflict(alice, id, page);
    }

    private record Conflict(WebClient alice, long id, WebClient.Page page) {
        /** Clicks a button of the page (no JavaScript: the form is posted with the button's name and value). */
        WebClient.Page click(WebClient.Page on, String name, String value) {
            Map<String, List<String>> form = new LinkedHashMap<>(on.form("merge-form"));
            form.put(name, List.of(value));
            return alice.postForm("/records/" + id, form);
        }

        WebClient.Page saveAsShown(WebClient.Page on) {
            return alice.postForm("/records/" + id, on.form("merge-form"));
        }

        /** Saves the page {@code on} with {@code choices} put over what it shows. */
        WebClient.Page saveWith(WebClient.Page on, Map<String, String> choices) {
            Map<String, List<String>> form = new LinkedHashMap<>(on.form("merge-form"));
            choices.forEach((name, value) -> form.put(name, List.of(value)));
            return alice.postForm("/records/" + id, form);
        }
    }

    @Test
    void two_entries_added_at_the_same_place_are_one_conflict_suggesting_both_apart() {
        Conflict c = conflict("BOTH-1", "## Alice\n- a\n\n" + BASE, "## Bob\n- b\n\n" + BASE, null, null);

        // One conflict, over the whole entries with their blank lines (git's refinement would leave the blank out).
        assertThat(MergeWebIT.attributeValues(c.page().body(), "data-hunk=\"\\d+\" data-gap")).hasSize(1);
        assertThat(c.page().text("hunk-yours")).isEqualTo("## Alice - a");
        Map<String, String> suggested = c.page().element("suggested");
        assertThat(suggested).containsEntry("data-reason", "both-inserted");
        assertThat(c.page().body()).contains("data-choice=\"yours_theirs\" data-text=\"## Alice\n- a\n\n## Bob\n- b\n\n\"");
        // Suggested, never chosen: nothing selected, nothing counted.
        assertThat(c.page().form("merge-form")).doesNotContainKey("description__hunk_1");
        assertThat(c.page().element("decided-by-suggestion")).containsEntry("data-count", "0");
        assertThat(c.page().has("accept-suggestions")).isTrue();

        WebClient.Page accepted = c.click(c.page(), "__accept_suggestions", "true");

        assertThat(accepted.status()).isEqualTo(409);
        assertThat(accepted.form("merge-form").get("description__hunk_1")).containsExactly("yours_theirs");
        assertThat(accepted.element("decided-by-suggestion")).containsEntry("data-count", "1");
        assertThat(accepted.text("resolve-button")).contains("(1 decided by suggestion)");
        assertThat(accepted.has("accept-suggestions")).isFalse();
        assertThat(revisionCount(c.id())).as("accepting suggestions saves nothing").isEqualTo(2);

        assertThat(c.saveAsShown(accepted).status()).isEqualTo(303);
        assertThat(revision(c.id(), 3).data().get("description")).isEqualTo("## Alice\n- a\n\n## Bob\n- b\n\n" + BASE);
    }

    @Test
    void a_text_saved_with_several_conflicts_undecided_names_each_of_them_and_saves_nothing() {
        String start = "One\nTwo\nThree\nFour\nFive\nSix\nSeven\nEight\nNine\nTen\nEleven\n";
        Conflict c = conflict("UNDECIDED-3", start,
                start.replace("One", "Alice's one").replace("Six", "Alice's six").replace("Eleven", "Alice's eleven"),
                start.replace("One", "Bob's one").replace("Six", "Bob's six").replace("Eleven", "Bob's eleven"), null, null);
        assertThat(c.page().body().split("data-testid=\"hunk\"")).as("three conflicts").hasSize(4);
        int revisions = revisionCount(c.id());
        Map<String, List<String>> form = new LinkedHashMap<>(c.page().form("merge-form"));
        form.put("description__hunk_2", List.of("theirs"));

        WebClient.Page refused = c.alice().postForm("/records/" + c.id(), form);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("error-description"))
                .isEqualTo("Choose how to resolve conflicts 1 and 3 (or edit the whole text).");
        assertThat(refused.form("merge-form").get("description__hunk_2")).as("the choice made is kept")
                .containsExactly("theirs");
        assertThat(revisionCount(c.id())).as("nothing saved").isEqualTo(revisions);
    }

    @Test
    void a_suggestion_is_never_saved_unless_the_user_saves_after_choosing_it() {
        Conflict c = conflict("NEVER-1", BASE.replace("Line two", "Red line two"),
                BASE.replace("Line two", "Line two, by Bob"), null, null);
        assertThat(c.page().element("suggested")).containsEntry("data-reason", "words");

        // Saving the page as it came: the suggested conflict is undecided, and refused.
        WebClient.Page refused = c.saveAsShown(c.page());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.has("merge-errors")).isTrue();
        assertThat(refused.text("error-description")).contains("Choose how to resolve conflict 1");
        assertThat(revisionCount(c.id())).isEqualTo(2);

        // Accepting shows the choice; still nothing saved.
        WebClient.Page accepted = c.click(refused, "__accept_suggestions", "true");
        assertThat(accepted.form("merge-form").get("description__hunk_1")).containsExactly("words");
        assertThat(revisionCount(c.id())).isEqualTo(2);

        // The user changes their mind before saving: what they chose is saved, not the suggestion.
        Map<String, List<String>> mine = new LinkedHashMap<>(accepted.form("merge-form"));
        mine.put("description__hunk_1", List.of("yours"));
        assertThat(c.alice().postForm("/records/" + c.id(), mine).status()).isEqualTo(303);
        assertThat(revision(c.id(), 3).data().get("description")).isEqualTo(BASE.replace("Line two", "Red line two"));
    }

    @Test
    void all_yours_and_all_theirs_decide_every_conflict_of_a_field_or_of_the_record() {
        String start = BASE + "Line six\nLine seven\nLine eight\nLine nine\n";
        String alices = start.replace("Line one", "Line one (Alice)").replace("Line nine", "Line nine (Alice)");
        String bobs = start.replace("Line one", "Line one (Bob)").replace("Line nine", "Line nine (Bob)");
        Conflict c = conflict("ALL-1", start, alices, bobs, "31", "32");
        assertThat(c.page().has("all-yours")).isTrue();
        assertThat(c.page().has("all-theirs")).isTrue();
        assertThat(c.page().has("all-yours-price")).isTrue();

        WebClient.Page mine = c.click(c.page(), "__all", "yours:description");
        Map<String, List<String>> form = mine.form("merge-form");
        assertThat(form.get("description__hunk_1")).containsExactly("yours");
        assertThat(form.get("description__hunk_2")).containsExactly("yours");
        assertThat(form).doesNotContainKey("price__choice");
        assertThat(mine.element("conflicts-left")).containsEntry("data-left", "1");

        WebClient.Page theirsPrice = c.click(mine, "__all", "theirs:price");
        assertThat(theirsPrice.form("merge-form").get("price__choice")).containsExactly("theirs");
        assertThat(theirsPrice.form("merge-form").get("description__hunk_2")).containsExactly("yours");
        assertThat(theirsPrice.element("conflicts-left")).containsEntry("data-left", "0");

        WebClient.Page allTheirs = c.click(theirsPrice, "__all", "theirs");
        assertThat(allTheirs.form("merge-form").get("description__hunk_1")).containsExactly("theirs");
        assertThat(allTheirs.form("merge-form").get("description__hunk_2")).containsExactly("theirs");
        assertThat(revisionCount(c.id())).isEqualTo(3);

        WebClient.Page allYours = c.click(allTheirs, "__all", "yours");
        assertThat(c.saveAsShown(allYours).status()).isEqualTo(303);
        assertThat(revision(c.id(), 4).data()).containsEntry("description", alices).containsEntry("price", "31");
    }

    @Test
    void all_yours_of_a_field_edited_as_text_goes_back_to_deciding_conflict_by_conflict() {
        Conflict c = conflict("ALL-2", BASE.replace("Line one", "A"), BASE.replace("Line one", "B"), null, null);
        Map<String, List<String>> form = new LinkedHashMap<>(c.page().form("merge-form"));
        form.put("description__mode", List.of("text"));
        form.put("description", List.of("typed by hand\n"));
        form.put("__all", List.of("theirs:description"));
        WebClient.Page page = c.alice().postForm("/records/" + c.id(), form);
        assertThat(page.form("merge-form").get("description__mode")).containsExactly("choices");
        assertThat(page.form("merge-form").get("description__hunk_1")).containsExactly("theirs");
    }

    @Test
    void a_conflict_resolved_before_in_the_collection_is_offered_as_it_was_resolved() {
        String alices = BASE.replace("Line three", "Line three, tested");
        String bobs = BASE.replace("Line three", "Line three, approved");
        Conflict first = conflict("SEEN-1", alices, bobs, null, null);
        assertThat(first.page().body()).doesNotContain("data-reason=\"remembered\"");
        assertThat(first.saveWith(first.page(), Map.of("description__hunk_1", "theirs_yours")).status()).isEqualTo(303);

        // The same three texts in another record of the same collection, for someone else.
        WebClient carol = logIn("bob");
        long other = create(carol, "SEEN-2");
        Map<String, List<String>> carolsForm = editForm(carol, other);
        WebClient alice = logIn("alice");
        Map<String, List<String>> alicesForm = editForm(alice, other);
        set(alicesForm, "description", bobs);
        assertThat(save(alice, other, alicesForm).status()).isEqualTo(303);
        set(carolsForm, "description", alices);
        WebClient.Page page = save(carol, other, carolsForm);

        assertThat(page.status()).isEqualTo(409);
        Map<String, String> suggested = page.element("suggested");
        assertThat(suggested).containsEntry("data-reason", "remembered");
        assertThat(page.body()).containsPattern("data-testid=\"suggested\" data-reason=\"remembered\"[^>]*>\\s*<input type=\"radio\""
                + " name=\"description__hunk_1\" value=\"theirs_yours\"");
        String today = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).withZone(ZoneOffset.UTC).format(Instant.now());
        assertThat(page.text("suggestion-note")).isEqualTo("Suggested: as Alice resolved it on " + today + ".");
    }

    @Test
    void only_the_resolution_remembered_for_a_conflict_is_taken_as_remembered() {
        String alices = BASE.replace("Line two", "Line two, tested");
        String bobs = BASE.replace("Line two", "Line two, checked");
        Conflict first = conflict("PLANT-1", alices, bobs, null, null);
        assertThat(first.page().body()).doesNotContain("data-testid=\"hunk-remembered\"");

        WebClient.Page refused = first.saveWith(first.page(), Map.of("description__hunk_1", "remembered",
                "description__remembered_1", "PLANTED text\n"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("error-description")).contains("no earlier resolution");
        assertThat(refused.body()).doesNotContain("PLANTED");
        assertThat(revisionCount(first.id())).isEqualTo(2);
        // Nothing was remembered: the same conflict elsewhere suggests nothing of it.
        Conflict second = conflict("PLANT-2", alices, bobs, null, null);
        assertThat(second.page().body()).doesNotContain("data-reason=\"remembered\"").doesNotContain("PLANTED");

        // A resolution on record (one no choice of today's page gives) is offered, and taken when chosen.
        ConflictRegion region = LineMerge.merge(BASE, alices, bobs).regions().get(0);
        long collectionId = new RecordStore(app.database().dsl()).find(second.id()).orElseThrow().collectionId();
        long bobId = app.database().dsl().select(stet.db.jooq.Tables.APP_USER.ID).from(stet.db.jooq.Tables.APP_USER)
                .where(stet.db.jooq.Tables.APP_USER.USERNAME.eq("bob")).fetchSingle().value1();
        new ResolutionStore(app.database().dsl()).remember(collectionId, Map.of(RememberedResolutions.key(
                region.text(Side.BASE), region.text(Side.THEIRS), region.text(Side.YOURS)), "Line two, agreed\n"), bobId);
        WebClient.Page offered = second.click(second.page(), "__preview", "");
        assertThat(offered.text("hunk-remembered")).isEqualTo("Line two, agreed");
        assertThat(second.saveWith(offered, Map.of("description__hunk_1", "remembered")).status()).isEqualTo(303);
        assertThat(revision(second.id(), 3).data().get("description")).isEqualTo(BASE.replace("Line two", "Line two, agreed"));
    }

    @Test
    void buttons_that_only_show_the_page_again_still_need_a_valid_form() {
        Conflict c = conflict("TOKEN-1", BASE.replace("Line one", "A"), BASE.replace("Line one", "B"), null, null);
        Map<String, List<String>> form = new LinkedHashMap<>(c.page().form("merge-form"));
        form.put("version_token", List.of("forged"));
        form.put("__all", List.of("yours"));
        WebClient.Page page = c.alice().postForm("/records/" + c.id(), form);
        assertThat(page.status()).isEqualTo(400);
        assertThat(revisionCount(c.id())).isEqualTo(2);
    }

    @Test
    void an_unknown_side_is_refused_and_changes_nothing() {
        Conflict c = conflict("SIDE-1", BASE.replace("Line one", "A"), BASE.replace("Line one", "B"), null, null);
        WebClient.Page page = c.click(c.page(), "__all", "sideways");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("__all must be yours, theirs, yours:FIELD or theirs:FIELD.");
        assertThat(revisionCount(c.id())).isEqualTo(2);
    }

    @Test
    void conflicts_left_undecided_are_announced_and_each_group_names_its_field_and_its_message() {
        String start = BASE + "Line six\nLine seven\nLine eight\nLine nine\n";
        Conflict c = conflict("UNDECIDED-1", start, start.replace("Line one", "Line one (Alice)").replace("Line nine",
                "Line nine (Alice)"), start.replace("Line one", "Line one (Bob)").replace("Line nine", "Line nine (Bob)"),
                "11.00", "12.00");

        WebClient.Page refused = c.saveWith(c.page(), Map.of("description__hunk_1", "yours"));

        assertThat(refused.status()).isEqualTo(409);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.selectFirst("[data-testid=merge-errors]").attr("role")).isEqualTo("alert");
        Element descriptionError = page.selectFirst("[data-testid=error-description]");
        Element priceError = page.selectFirst("[data-testid=error-price]");
        assertThat(descriptionError.id()).isNotEmpty();
        assertThat(priceError.id()).isNotEmpty().isNotEqualTo(descriptionError.id());
        // The conflict decided is no longer wrong; the one left is, and says why.
        Element decided = page.getElementById("conflict-description-1");
        Element open = page.getElementById("conflict-description-2");
        assertThat(decided.hasAttr("aria-invalid")).isFalse();
        assertThat(open.attr("aria-invalid")).isEqualTo("true");
        assertThat(open.attr("aria-describedby")).isEqualTo(descriptionError.id());
        Element price = page.getElementById("conflict-price");
        assertThat(price.attr("aria-invalid")).isEqualTo("true");
        assertThat(price.attr("aria-describedby")).isEqualTo(priceError.id());
        // Each radio group says which field it decides: "Keep" alone, three times, told nothing.
        assertThat(price.selectFirst("legend").text()).isEqualTo("Keep: Price");
        assertThat(open.selectFirst("legend").text()).isEqualTo("Description, Conflict 2");
        assertThat(revisionCount(c.id())).isEqualTo(3);

        WebClient.Page shown = c.click(c.page(), "__preview", "true");
        assertThat(Jsoup.parse(shown.body()).select("[aria-invalid]")).as("nothing is wrong before saving").isEmpty();
    }

    @Test
    void a_resolutions_comment_may_have_500_characters_outside_the_bmp() {
        Conflict c = conflict("COMMENT-CHARS-1", BASE.replace("Line one", "A"), BASE.replace("Line one", "B"), null, null);
        String comment = "\uD835\uDD18".repeat(500);

        WebClient.Page saved = c.saveWith(c.page(), Map.of("description__hunk_1", "yours", "comment", comment));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(revision(c.id(), 3).comment()).isEqualTo(comment);
    }

    @Test
    void text_that_starts_with_a_blank_line_keeps_it_on_the_page_as_the_browser_reads_it() {
        // merge.js builds the free-edit text and the result from these <pre>s' text: a blank line the parser
        // dropped after <pre> would be dropped from the text the user edits and saves.
        String start = "Line one\n\nLine three\nLine four\n";
        Conflict c = conflict("BLANK-1", start, start.replace("Line one", "\nLine one (Alice)"),
                start.replace("Line one", "\nLine one (Bob)"), null, null);

        Document page = Jsoup.parse(c.page().body());

        assertThat(page.selectFirst("li.stable pre.stable-text").wholeText()).isEqualTo("\nLine three\nLine four\n");
        assertThat(page.selectFirst("[data-testid=hunk-yours]").wholeText()).isEqualTo("\nLine one (Alice)\n");
        assertThat(page.selectFirst("[data-testid=hunk-theirs]").wholeText()).isEqualTo("\nLine one (Bob)\n");
    }

    private static int revisionCount(long id) {
        return new RecordStore(app.database().dsl()).revisions(id, Integer.MAX_VALUE, 100).size();
    }
}
