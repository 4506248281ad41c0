package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.MergeField.Choice.BOTH_MINE_FIRST;
import static stet.e2e.MergeField.Choice.BOTH_THEIRS_FIRST;
import static stet.e2e.MergeField.Choice.KEEP_MINE;
import static stet.e2e.MergeField.Choice.KEEP_THEIRS;
import static stet.e2e.MergeField.Choice.WORD_MERGE;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import stet.e2e.MergeField.Suggested;

/**
 * Issue 15's controls on the merge page: "Keep all of yours" and "Take all of theirs" for a
 * field and for the record, the suggested choice of each conflict, "Accept all suggestions"
 * and the Save button's count of conflicts decided by suggestion; with JavaScript they act
 * in place, without it they post and the page comes back. A suggestion is never saved
 * unless the user saves; a conflict resolved before in the collection is suggested again.
 */
@EndToEnd
class MergeShortcutsIT {

    /**
     * The texts of a conflict with two suggestions, made unique by {@code tag}: the tests share
     * a database, and a conflict resolved in one test would be suggested as remembered in another.
     */
    record Texts(String tag) {
        String base() {
            return "Line one " + tag + "\nLine two\nLine three\nLine four\nLine five\n";
        }

        /** Saved first: a new word in line one, and a line six. */
        String saved() {
            return base().replace("Line one", "Line one (Bob)") + "Line six (Bob) " + tag + "\n";
        }

        /** Submitted second: another word in line one (a word merge is clean), and another line six (both only added). */
        String submitted() {
            return base().replace("Line one", "New line one") + "Line six (Alice) " + tag + "\n";
        }

        /** Both suggestions taken: the word merge, and both lines six, the submitted one first. */
        String suggested() {
            return base().replace("Line one", "New line one (Bob)") + "Line six (Alice) " + tag + "\nLine six (Bob) "
                    + tag + "\n";
        }

        /**
         * A record (SKU {@code sku}, price 20) that {@code first} creates, then saves as
         * {@link #saved} with price 25 while {@code second} has its edit form open; {@code second}
         * then submits {@link #submitted} with price 30: a merge page with a word-merge conflict,
         * a both-inserted conflict and a price conflict.
         */
        MergePage conflict(Browser first, Browser second, String sku) {
            long id = Inventory.create(first, sku, base(), "20").id();
            RecordForm form = second.edit(id);
            first.edit(id).set("description", saved()).set("price", "25").save();
            return form.set("description", submitted()).set("price", "30").saveAndExpectMerge();
        }

        /** The same, with the tag as the SKU. */
        MergePage conflict(Browser first, Browser second) {
            return conflict(first, second, tag);
        }
    }

    @Test
    void with_javascript_all_yours_and_all_theirs_decide_a_field_or_the_whole_record_in_place(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        MergePage merge = MergeResultIT.conflict(alice, bob, "ALL-JS-1");
        MergeField description = merge.field("description");
        MergeField price = merge.field("price");
        assertThat(merge.conflictsLeft()).isEqualTo(3);

        description.takeAllTheirs();

        assertThat(description.chosen(1)).contains(KEEP_THEIRS);
        assertThat(description.chosen(2)).contains(KEEP_THEIRS);
        assertThat(price.scalarChoice()).isEmpty();
        assertThat(merge.result("description")).isEqualTo(MergeResultIT.BOBS);
        assertThat(merge.gaps("description")).isEmpty();
        assertThat(merge.gaps("price")).containsExactly("not decided yet");
        assertThat(merge.counter()).isEqualTo("2 of 3 conflicts decided");
        assertThat(merge.saveButton()).isEqualTo("Save my resolution (1 conflict left)");

        price.keepAllYours();

        assertThat(price.scalarChoice()).contains("yours");
        assertThat(description.chosen(1)).contains(KEEP_THEIRS);
        assertThat(merge.result("price")).isEqualTo("549");
        assertThat(merge.conflictsLeft()).isZero();
        assertThat(merge.saveButton()).isEqualTo("Save my resolution");

        merge.keepAllYours();

        assertThat(description.chosen(1)).contains(KEEP_MINE);
        assertThat(description.chosen(2)).contains(KEEP_MINE);
        assertThat(price.scalarChoice()).contains("yours");
        assertThat(merge.result("description")).isEqualTo(MergeResultIT.ALICES);
        assertThat(description.freeText()).isEqualTo(MergeResultIT.ALICES);

        merge.takeAllTheirs();

        assertThat(description.chosen(1)).contains(KEEP_THEIRS);
        assertThat(description.chosen(2)).contains(KEEP_THEIRS);
        assertThat(price.scalarChoice()).contains("theirs");
        assertThat(merge.result("description")).isEqualTo(MergeResultIT.BOBS);
        assertThat(merge.result("price")).isEqualTo("229.9");
        assertThat(merge.conflictsLeft()).isZero();

        description.keepAllYours();
        RecordPage saved = merge.resolve();

        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.value("price")).isEqualTo("229.9");
        assertThat(alice.edit(saved.id()).value("description")).isEqualTo(MergeResultIT.ALICES);
    }

    @Test
    void with_javascript_accepting_suggestions_shows_them_at_once_and_nothing_is_saved_until_save(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        Texts texts = new Texts("SUGGEST-JS-1");
        MergePage merge = texts.conflict(bob, alice);
        long id = merge.recordId();
        MergeField description = merge.field("description");

        assertThat(description.suggested(1)).contains(new Suggested(WORD_MERGE, "words"));
        assertThat(description.suggested(2)).contains(new Suggested(BOTH_MINE_FIRST, "both-inserted"));
        assertThat(description.suggestionNote(1))
                .contains("Suggested: the two changes touch different words; this keeps both.");
        assertThat(description.suggestionNote(2))
                .contains("Suggested: both sides only added lines here; this keeps both additions.");
        // Never preselected: a save now is refused, and nothing is saved.
        assertThat(description.chosen(1)).isEmpty();
        assertThat(description.chosen(2)).isEmpty();
        assertThat(merge.decidedBySuggestion()).isZero();
        merge = merge.resolveAndExpectDecisionsMissing();
        description = merge.field("description");
        assertThat(description.chosen(1)).isEmpty();
        assertThat(description.chosen(2)).isEmpty();
        assertThat(merge.offersAcceptSuggestions()).isTrue();
        assertThat(merge.conflictsLeft()).isEqualTo(3);

        merge.acceptSuggestions();

        assertThat(description.chosen(1)).contains(WORD_MERGE);
        assertThat(description.chosen(2)).contains(BOTH_MINE_FIRST);
        assertThat(merge.field("price").scalarChoice()).isEmpty();
        assertThat(merge.result("description")).isEqualTo(texts.suggested());
        assertThat(merge.gaps("description")).isEmpty();
        assertThat(merge.conflictsLeft()).isEqualTo(1);
        assertThat(merge.decidedBySuggestion()).isEqualTo(2);
        assertThat(merge.saveButton()).isEqualTo("Save my resolution (1 conflict left) (2 decided by suggestion)");
        assertThat(merge.offersAcceptSuggestions()).isFalse();
        // Accepting saved nothing: Bob's version is still the record's.
        RecordPage meanwhile = bob.record(id);
        assertThat(meanwhile.version()).isEqualTo(2);
        assertThat(meanwhile.value("description")).isEqualTo(texts.saved().strip());

        description.choose(2, KEEP_THEIRS);
        assertThat(merge.decidedBySuggestion()).isEqualTo(1);
        assertThat(merge.saveButton()).endsWith(" (1 decided by suggestion)");
        description.choose(2, BOTH_MINE_FIRST);
        assertThat(merge.decidedBySuggestion()).isEqualTo(2);
        merge.field("price").keepYours();
        String shown = merge.result("description");
        RecordPage saved = merge.resolve();

        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.value("price")).isEqualTo("30");
        assertThat(alice.edit(id).value("description")).isEqualTo(texts.suggested()).isEqualTo(shown);
        assertThat(alice.history(id).rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("merge", "update", "create");
    }

    @Test
    void a_conflict_resolved_before_in_the_collection_is_suggested_as_it_was_resolved_naming_who_and_when(
            Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        // First record: Alice keeps Bob's line one (not the word merge) and both lines six, Bob's first.
        Texts texts = new Texts("REMEMBER-1");
        MergePage merge = texts.conflict(bob, alice);
        long first = merge.recordId();
        merge.field("description").choose(1, KEEP_THEIRS).choose(2, BOTH_THEIRS_FIRST);
        merge.field("price").keepTheirs();
        merge.resolve();
        String resolved = texts.saved() + "Line six (Alice) REMEMBER-1\n";
        assertThat(alice.edit(first).value("description")).isEqualTo(resolved);

        // Another record of the collection: the same three texts meet again, this time Bob's save is the second.
        MergePage again = texts.conflict(alice, bob, "REMEMBER-2");
        long second = again.recordId();
        MergeField description = again.field("description");

        String day = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).format(LocalDate.now(ZoneOffset.UTC));
        assertThat(description.suggested(1)).contains(new Suggested(KEEP_THEIRS, "remembered"));
        assertThat(description.suggested(2)).contains(new Suggested(BOTH_THEIRS_FIRST, "remembered"));
        assertThat(description.suggestionNote(1)).contains("Suggested: as Alice resolved it on " + day + ".");
        assertThat(description.suggestionNote(2)).contains("Suggested: as Alice resolved it on " + day + ".");
        assertThat(description.chosen(1)).isEmpty();
        assertThat(description.chosen(2)).isEmpty();

        again.acceptSuggestions();
        assertThat(again.result("description")).isEqualTo(resolved);
        assertThat(again.decidedBySuggestion()).isEqualTo(2);
        again.field("price").keepYours();
        RecordPage saved = again.resolve();

        assertThat(saved.version()).isEqualTo(3);
        assertThat(bob.edit(second).value("description")).isEqualTo(resolved);
    }

    @Test
    void without_javascript_each_button_posts_and_the_page_comes_back_with_its_choices_made(Browsers browsers) {
        Browser alice = browsers.logInWithoutJavaScript(ALICE);
        Browser bob = browsers.logIn(BOB);
        Texts texts = new Texts("NOJS-SHORTCUTS-1");
        MergePage merge = texts.conflict(bob, alice);
        long id = merge.recordId();
        assertThat(merge.status()).isEqualTo(409);
        assertThat(merge.offersAcceptSuggestions()).isTrue();
        assertThat(merge.field("description").chosen(1)).isEmpty();

        MergePage accepted = merge.acceptSuggestionsAndReload();

        assertThat(accepted.status()).isEqualTo(409);
        assertThat(accepted.theirsVersion()).isEqualTo(2);
        assertThat(accepted.hasHook("merge-errors")).isFalse();
        assertThat(accepted.field("description").chosen(1)).contains(WORD_MERGE);
        assertThat(accepted.field("description").chosen(2)).contains(BOTH_MINE_FIRST);
        assertThat(accepted.field("price").scalarChoice()).isEmpty();
        assertThat(accepted.result("description")).isEqualTo(texts.suggested());
        assertThat(accepted.conflictsLeft()).isEqualTo(1);
        assertThat(accepted.decidedBySuggestion()).isEqualTo(2);
        assertThat(accepted.saveButton()).isEqualTo("Save my resolution (1 conflict left) (2 decided by suggestion)");
        assertThat(accepted.offersAcceptSuggestions()).isFalse();

        MergePage priceTheirs = accepted.field("price").takeAllTheirsAndReload();

        assertThat(priceTheirs.status()).isEqualTo(409);
        assertThat(priceTheirs.field("price").scalarChoice()).contains("theirs");
        assertThat(priceTheirs.result("price")).isEqualTo("25");
        assertThat(priceTheirs.field("description").chosen(1)).contains(WORD_MERGE);
        assertThat(priceTheirs.field("description").chosen(2)).contains(BOTH_MINE_FIRST);
        assertThat(priceTheirs.conflictsLeft()).isZero();
        assertThat(priceTheirs.decidedBySuggestion()).isEqualTo(2);

        MergePage descriptionYours = priceTheirs.field("description").keepAllYoursAndReload();

        assertThat(descriptionYours.field("description").chosen(1)).contains(KEEP_MINE);
        assertThat(descriptionYours.field("description").chosen(2)).contains(KEEP_MINE);
        assertThat(descriptionYours.field("price").scalarChoice()).contains("theirs");
        assertThat(descriptionYours.result("description")).isEqualTo(texts.submitted());
        assertThat(descriptionYours.decidedBySuggestion()).isZero();

        MergePage allTheirs = descriptionYours.takeAllTheirsAndReload();

        assertThat(allTheirs.status()).isEqualTo(409);
        assertThat(allTheirs.field("description").chosen(1)).contains(KEEP_THEIRS);
        assertThat(allTheirs.field("description").chosen(2)).contains(KEEP_THEIRS);
        assertThat(allTheirs.field("price").scalarChoice()).contains("theirs");
        assertThat(allTheirs.result("description")).isEqualTo(texts.saved());

        MergePage allYours = allTheirs.keepAllYoursAndReload();

        assertThat(allYours.status()).isEqualTo(409);
        assertThat(allYours.field("description").chosen(1)).contains(KEEP_MINE);
        assertThat(allYours.field("description").chosen(2)).contains(KEEP_MINE);
        assertThat(allYours.field("price").scalarChoice()).contains("yours");
        assertThat(allYours.result("description")).isEqualTo(texts.submitted());
        assertThat(allYours.result("price")).isEqualTo("30");
        assertThat(allYours.theirsVersion()).isEqualTo(2);
        // None of the buttons saved anything.
        assertThat(bob.record(id).version()).isEqualTo(2);

        allYours.field("description").choose(1, WORD_MERGE);
        RecordPage saved = allYours.resolve();

        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.value("price")).isEqualTo("30");
        assertThat(saved.value("description"))
                .isEqualTo(texts.submitted().replace("New line one", "New line one (Bob)").strip());
    }

    @Test
    void without_javascript_all_as_before_on_an_undo_comes_back_as_the_same_undo_and_undoes(Browsers browsers) {
        Browser admin = browsers.logInWithoutJavaScript(ADMIN);
        Browser bob = browsers.logIn(BOB);
        String base = Inventory.DESCRIPTION;
        long id = Inventory.create(bob, "UNDO-ALL-1").id(); // version 1, price 20
        bob.edit(id).set("description", base.replace("Line one", "Line one (v2)")).set("price", "25").save();
        bob.edit(id).set("description", base.replace("Line one", "Line one (v3)")).set("price", "30").save();
        MergePage undo = MergePage.undoing(admin, id, 2);
        assertThat(undo.outcomes()).containsEntry("description", "CONFLICT").containsEntry("price", "CONFLICT");

        MergePage before = undo.keepAllYoursAndReload();

        assertThat(before.status()).isEqualTo(409);
        assertThat(before.heading()).isEqualTo("Undo version 2 by Bob");
        assertThat(before.hasHook("undo-notice")).isTrue();
        assertThat(before.resultHeading()).isEqualTo("What undoing would give");
        assertThat(before.field("description").chosen(1)).contains(KEEP_MINE);
        assertThat(before.field("price").scalarChoice()).contains("yours");
        assertThat(before.result("description")).isEqualTo(base);
        assertThat(before.result("price")).isEqualTo("20");
        assertThat(before.saveButton()).isEqualTo("Undo version 2");
        RecordPage undone = before.resolve();

        assertThat(undone.version()).isEqualTo(4);
        assertThat(undone.value("price")).isEqualTo("20");
        assertThat(undone.value("description")).isEqualTo(base.strip());
        assertThat(undone.history().rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("undo", "update", "update", "create");
    }
}
