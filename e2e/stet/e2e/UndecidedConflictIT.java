package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.MergeField.Choice.KEEP_THEIRS;
import static stet.e2e.MergeField.Choice.WORD_MERGE;
import static stet.e2e.MergeField.Pane.YOURS;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A merge page saved with a conflict still undecided comes back as the same page:
 * browsers post every line break as CRLF, and the page must read the posted text the
 * way it read it the first time.
 */
@EndToEnd
class UndecidedConflictIT {

    static final String BASE = Inventory.DESCRIPTION;

    @Test
    void a_merge_saved_with_one_conflict_undecided_comes_back_unchanged_and_then_saves(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "UNDECIDED-1").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id);
        // Both change line one (different words: a word merge is suggested) and both add a line six.
        String bobs = BASE.replace("Line one", "Line one (Bob)") + "Line six (Bob)\n";
        String alices = BASE.replace("Line one", "New line one") + "Line six (Alice)\n";
        bobForm.set("description", bobs).save();
        MergePage merge = aliceForm.set("description", alices).saveAndExpectMerge();
        MergeField description = merge.field("description");
        assertThat(description.hunks()).containsExactly(1, 2);
        assertThat(description.wordSuggestion(1)).contains("New line one (Bob)");
        String yoursPane = description.pane(YOURS);
        assertThat(yoursPane).endsWith("\nLine four\nLine five\nLine six (Alice)");

        description.choose(1, WORD_MERGE);
        MergePage again = merge.resolveAndExpectDecisionsMissing();

        MergeField undecided = again.field("description");
        assertThat(again.originalVersion()).isEqualTo(1);
        assertThat(again.theirsVersion()).isEqualTo(2);
        assertThat(undecided.hunks()).containsExactly(1, 2);
        assertThat(undecided.hunkYours(1)).isEqualTo("New line one");
        assertThat(undecided.hunkTheirs(1)).isEqualTo("Line one (Bob)");
        assertThat(undecided.hunkYours(2)).isEqualTo("Line six (Alice)");
        assertThat(undecided.hunkTheirs(2)).isEqualTo("Line six (Bob)");
        assertThat(undecided.wordSuggestion(1)).contains("New line one (Bob)");
        assertThat(undecided.chosen(1)).contains(WORD_MERGE);
        assertThat(undecided.chosen(2)).isEqualTo(Optional.empty());
        assertThat(undecided.pane(YOURS)).isEqualTo(yoursPane);
        assertThat(undecided.error()).contains("Choose how to resolve conflict 2 (or edit the whole text).");

        undecided.choose(2, KEEP_THEIRS);
        RecordPage saved = again.resolve();

        String resolution = BASE.replace("Line one", "New line one (Bob)") + "Line six (Bob)\n";
        assertThat(saved.version()).isEqualTo(3);
        assertThat(alice.edit(id).value("description")).isEqualTo(resolution);
        assertThat(alice.history(id).rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("merge", "update", "create");
    }
}
