package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.MergeField.Choice.KEEP_MINE;
import static stet.e2e.MergeField.Choice.KEEP_THEIRS;
import static stet.e2e.MergeField.Pane.ORIGINAL;
import static stet.e2e.MergeField.Pane.THEIRS;
import static stet.e2e.MergeField.Pane.YOURS;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge page as the new user meets it: a ten-line description with two
 * line conflicts and a price conflict. The result pane follows each choice (with
 * JavaScript) or comes back from "Preview" (without); the bar counts what is left.
 */
@EndToEnd
class MergeResultIT {

    static final String TEN_LINES = """
            Dual boiler, 2.5 l water tank.
            Steam wand with 360° swivel.
            Ships with two portafilters.
            Descale every 3 months.
            Stainless steel housing.
            Cup warmer on top.
            PID temperature control.
            Pressure gauge on the front.
            Two-year warranty.
            Made in Italy.
            """;
    static final String BOBS = TEN_LINES.replace("360° swivel", "a 360° swivel joint")
            .replace("Two-year warranty", "Three-year warranty");
    static final String ALICES = TEN_LINES.replace("360° swivel", "a cool-touch tip")
            .replace("Two-year warranty", "Two-year warranty, five on the boiler");

    /** Bob saves first (price 229.90); Alice's save (price 549) conflicts in two lines and the price. */
    static MergePage conflict(Browser alice, Browser bob, String sku) {
        long id = Inventory.create(alice, sku, TEN_LINES, "249.90").id();
        RecordForm aliceForm = alice.edit(id);
        bob.edit(id).set("description", BOBS).set("price", "229.90").save();
        return aliceForm.set("description", ALICES).set("price", "549").saveAndExpectMerge();
    }

    @Test
    void the_result_follows_each_choice_and_the_bar_counts_what_is_left(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        MergePage merge = conflict(alice, bob, "LIVE-1");
        MergeField description = merge.field("description");
        MergeField price = merge.field("price");

        // Nothing is chosen for the user; the typed box starts empty; no markers anywhere.
        assertThat(description.chosen(1)).isEmpty();
        assertThat(description.chosen(2)).isEmpty();
        assertThat(price.scalarChoice()).isEmpty();
        assertThat(price.typedValue()).isEmpty();
        assertThat(merge.gaps("description")).containsExactly("conflict 1: not decided yet", "conflict 2: not decided yet");
        assertThat(merge.gaps("price")).containsExactly("not decided yet");
        assertThat(merge.result("description")).doesNotContain("<<<<<<<").startsWith("Dual boiler, 2.5 l water tank.\n");
        assertThat(description.freeText()).doesNotContain("<<<<<<<").doesNotContain("=======");
        assertThat(merge.conflictsLeft()).isEqualTo(3);
        assertThat(merge.counter()).isEqualTo("0 of 3 conflicts decided");
        assertThat(merge.nextConflict()).contains("conflict-description-1");
        assertThat(merge.saveButton()).isEqualTo("Save my resolution (3 conflicts left)");
        assertThat(description.paneHeading(ORIGINAL)).isEqualTo("Original");
        assertThat(description.paneHeading(THEIRS)).isEqualTo("Theirs (Bob)");
        assertThat(description.paneHeading(YOURS)).isEqualTo("Yours");

        description.choose(1, KEEP_MINE);

        assertThat(merge.gaps("description")).containsExactly("conflict 2: not decided yet");
        assertThat(merge.result("description")).contains("Steam wand with a cool-touch tip.\nShips with two portafilters.");
        assertThat(merge.conflictsLeft()).isEqualTo(2);
        assertThat(merge.counter()).isEqualTo("1 of 3 conflicts decided");
        assertThat(merge.nextConflict()).contains("conflict-description-2");
        assertThat(merge.saveButton()).isEqualTo("Save my resolution (2 conflicts left)");
        // The free-edit box follows the choices until it is edited.
        assertThat(description.freeText()).contains("Steam wand with a cool-touch tip.\n")
                .doesNotContain("Steam wand with a 360° swivel joint.");

        description.choose(2, KEEP_THEIRS);
        price.typeValue("499");

        String expected = ALICES.replace("Two-year warranty, five on the boiler", "Three-year warranty");
        assertThat(merge.gaps("description")).isEmpty();
        assertThat(merge.gaps("price")).isEmpty();
        assertThat(merge.result("description")).isEqualTo(expected);
        assertThat(merge.result("price")).isEqualTo("499");
        assertThat(merge.conflictsLeft()).isZero();
        assertThat(merge.counter()).isEqualTo("3 of 3 conflicts decided");
        assertThat(merge.nextConflict()).isEmpty();
        assertThat(merge.saveButton()).isEqualTo("Save my resolution");

        RecordPage saved = merge.resolve();

        assertThat(saved.value("price")).isEqualTo("499");
        assertThat(saved.value("description")).isEqualTo(expected.strip());
    }

    @Test
    void a_text_decided_conflict_by_conflict_is_sent_once_and_an_edited_text_as_edited(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "ONCE-1", TEN_LINES, "249.90").id();
        RecordForm aliceForm = alice.edit(id);
        String bobs = TEN_LINES.replace("Made in Italy.", "Made in Milan.");
        String alices = TEN_LINES.replace("Made in Italy.", "Made in Turin.");
        bob.edit(id).set("description", bobs).save();
        MergePage merge = aliceForm.set("description", alices).saveAndExpectMerge();
        MergeField description = merge.field("description");
        description.choose(1, KEEP_MINE);

        // Her own text goes once; the free-edit box, unused, not at all (a text near its limit would not fit twice).
        assertThat(merge.sent("description__yours")).containsExactly(alices);
        assertThat(merge.sent("description")).isEmpty();

        description.editFreely("Written by hand.\n");
        assertThat(merge.sent("description")).containsExactly("Written by hand.\n");

        description.choose(1, KEEP_THEIRS);
        assertThat(merge.sent("description")).as("back to conflict by conflict").isEmpty();
        RecordPage saved = merge.resolve();

        assertThat(saved.value("description")).isEqualTo(bobs.strip());
    }

    @Test
    void without_javascript_preview_shows_the_result_and_keeps_every_choice(Browsers browsers) {
        Browser alice = browsers.logInWithoutJavaScript(ALICE);
        Browser bob = browsers.logIn(BOB);
        MergePage merge = conflict(alice, bob, "NOJS-1");
        MergeField description = merge.field("description");

        description.choose(1, KEEP_THEIRS);
        merge.field("price").typeValue("520");
        merge.comment("kept Bob's wand");
        // No script runs: the result and the counter stay as the server rendered them.
        assertThat(merge.gaps("description")).hasSize(2);
        assertThat(merge.conflictsLeft()).isEqualTo(3);

        MergePage preview = merge.preview();

        assertThat(preview.originalVersion()).isEqualTo(1);
        assertThat(preview.theirsVersion()).isEqualTo(2);
        assertThat(preview.hasHook("merge-errors")).isFalse();
        MergeField again = preview.field("description");
        assertThat(again.chosen(1)).contains(KEEP_THEIRS);
        assertThat(again.chosen(2)).isEmpty();
        assertThat(preview.field("price").scalarChoice()).contains("typed");
        assertThat(preview.field("price").typedValue()).isEqualTo("520");
        assertThat(preview.comment()).isEqualTo("kept Bob's wand");
        assertThat(preview.gaps("description")).containsExactly("conflict 2: not decided yet");
        assertThat(preview.gaps("price")).isEmpty();
        assertThat(preview.result("description")).contains("Steam wand with a 360° swivel joint.\n");
        assertThat(preview.result("price")).isEqualTo("520");
        assertThat(preview.conflictsLeft()).isEqualTo(1);
        assertThat(preview.counter()).isEqualTo("2 of 3 conflicts decided");
        assertThat(preview.nextConflict()).contains("conflict-description-2");
        assertThat(preview.saveButton()).isEqualTo("Save my resolution (1 conflict left)");
        assertThat(again.freeText()).contains("Steam wand with a 360° swivel joint.\n")
                .contains("Two-year warranty, five on the boiler.\nThree-year warranty.\n")
                .doesNotContain("<<<<<<<");

        again.choose(2, KEEP_MINE);
        RecordPage saved = preview.resolve();

        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.value("price")).isEqualTo("520");
        assertThat(saved.value("description")).isEqualTo(BOBS.replace("Three-year warranty", "Two-year warranty, five on the boiler").strip());
    }

    @Test
    void an_undo_that_conflicts_is_worded_as_an_undo(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(bob, "UNDO-WORDS-1").id(); // version 1, price 20
        bob.edit(id).set("price", "25").save(); // 2: the change to undo
        bob.edit(id).set("price", "30").save(); // 3: a later change to the same field

        MergePage undo = MergePage.undoing(admin, id, 2);

        assertThat(undo.heading()).isEqualTo("Undo version 2 by Bob");
        assertThat(undo.hasHook("undo-notice")).isTrue();
        MergeField price = undo.field("price");
        assertThat(price.paneHeading(ORIGINAL)).isEqualTo("Version 2 (the change to undo)");
        assertThat(price.paneHeading(THEIRS)).isEqualTo("Now (Bob)");
        assertThat(price.paneHeading(YOURS)).isEqualTo("Before version 2");
        assertThat(undo.resultHeading()).isEqualTo("What undoing would give");
        assertThat(undo.saveButton()).isEqualTo("Undo version 2 (1 conflict left)");
        assertThat(List.of(undo.notice(), undo.heading(), undo.saveButton())).noneMatch(t -> t.contains("Mine"));

        price.keepYours();
        assertThat(undo.result("price")).isEqualTo("20");
        RecordPage undone = undo.resolve();

        assertThat(undone.value("price")).isEqualTo("20");
        assertThat(undone.version()).isEqualTo(4);
        assertThat(undone.history().rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("undo", "update", "update", "create");
    }
}
