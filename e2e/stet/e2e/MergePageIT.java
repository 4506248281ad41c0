package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.MergeField.Choice.BOTH_MINE_FIRST;
import static stet.e2e.MergeField.Choice.KEEP_MINE;
import static stet.e2e.MergeField.Choice.KEEP_THEIRS;
import static stet.e2e.MergeField.Pane.ORIGINAL;
import static stet.e2e.MergeField.Pane.THEIRS;
import static stet.e2e.MergeField.Pane.YOURS;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios 2, 3 and 6: saves that conflict, and the merge page that resolves them. */
@EndToEnd
class MergePageIT {

    static final String BASE = Inventory.DESCRIPTION;

    @Test
    void a_conflict_in_the_same_lines_is_resolved_hunk_by_hunk_and_saved_exactly(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "HUNKS-1").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id);
        // Both change line one and add a line six: two conflicts, three unchanged lines apart.
        String bobs = BASE.replace("Line one", "Line one (Bob)") + "Line six (Bob)\n";
        String alices = BASE.replace("Line one", "Line one (Alice)") + "Line six (Alice)\n";

        bobForm.set("description", bobs).save();
        MergePage merge = aliceForm.set("description", alices).saveAndExpectMerge();

        assertThat(merge.originalVersion()).isEqualTo(1);
        assertThat(merge.theirsVersion()).isEqualTo(2);
        assertThat(merge.outcomes()).containsExactly(Map.entry("description", "CONFLICT"));
        MergeField description = merge.field("description");
        assertThat(description.pane(ORIGINAL)).startsWith("Original").endsWith("\n" + BASE.strip());
        assertThat(description.pane(THEIRS)).startsWith("Theirs (Bob)").endsWith("\n" + bobs.strip());
        assertThat(description.pane(YOURS)).startsWith("Yours").endsWith("\n" + alices.strip());
        // Only additions, so each pane's text is exactly its side's text.
        assertThat(description.marked(THEIRS, "removed")).isEmpty();
        assertThat(description.marked(YOURS, "removed")).isEmpty();
        assertThat(description.marked(THEIRS, "added")).map(String::strip).containsOnly("(Bob)", "Line six (Bob)");
        assertThat(description.marked(YOURS, "added")).map(String::strip).containsOnly("(Alice)", "Line six (Alice)");
        assertThat(description.hunks()).containsExactly(1, 2);
        assertThat(description.hunkYours(1)).isEqualTo("Line one (Alice)");
        assertThat(description.hunkTheirs(1)).isEqualTo("Line one (Bob)");
        assertThat(description.hunkYours(2)).isEqualTo("Line six (Alice)");
        assertThat(description.hunkTheirs(2)).isEqualTo("Line six (Bob)");

        description.choose(1, KEEP_MINE).choose(2, KEEP_THEIRS);
        RecordPage saved = merge.resolve();

        String resolution = BASE.replace("Line one", "Line one (Alice)") + "Line six (Bob)\n";
        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.value("description")).isEqualTo(resolution.strip());
        assertThat(alice.edit(id).value("description")).isEqualTo(resolution);
        assertThat(alice.history(id).rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("merge", "update", "create");
    }

    @Test
    void a_save_during_resolution_brings_the_merge_page_back_against_the_newer_version(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "AGAIN-1").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id);
        bobForm.set("description", BASE.replace("Line two", "Line two (Bob)")).save();
        MergePage first = aliceForm.set("description", BASE.replace("Line two", "Line two (Alice)"))
                .saveAndExpectMerge();
        first.field("description").choose(1, BOTH_MINE_FIRST);

        // Bob saves again while Alice is deciding.
        bob.edit(id).set("description", BASE.replace("Line two", "Line two (Bob, again)")).save();
        MergePage second = first.resolveAndExpectMerge();

        assertThat(second.originalVersion()).isEqualTo(2);
        assertThat(second.theirsVersion()).isEqualTo(3);
        MergeField description = second.field("description");
        assertThat(description.outcome()).isEqualTo("CONFLICT");
        assertThat(description.pane(ORIGINAL)).endsWith("\n" + BASE.replace("Line two", "Line two (Bob)").strip());
        assertThat(description.pane(YOURS)).contains("\nLine two (Alice)\nLine two (Bob)\nLine three\n");
        assertThat(description.pane(THEIRS)).contains("\nLine two (Bob, again)\n");

        description.choose(1, KEEP_MINE);
        RecordPage saved = second.resolve();

        String resolution = BASE.replace("Line two", "Line two (Alice)\nLine two (Bob)");
        assertThat(saved.version()).isEqualTo(4);
        assertThat(alice.edit(id).value("description")).isEqualTo(resolution);
        assertThat(alice.history(id).rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("merge", "update", "update", "create");
    }

    @Test
    void saving_from_a_second_tab_says_it_conflicts_with_my_own_other_tab(Browsers browsers) {
        Browser tab1 = browsers.logIn(ALICE);
        long id = Inventory.create(tab1, "TABS-1").id();
        RecordForm first = tab1.edit(id);
        Browser tab2 = tab1.newTab();
        RecordForm second = tab2.edit(id);

        first.set("name", "Kettle TABS-1, tab one").save();
        MergePage merge = second.set("name", "Kettle TABS-1, tab two").saveAndExpectMerge();

        assertThat(merge.notice()).startsWith("You saved version 2 in another tab at ").doesNotContain("Alice");
        MergeField name = merge.field("name");
        assertThat(name.outcome()).isEqualTo("CONFLICT");
        assertThat(name.pane(THEIRS)).startsWith("Theirs (your other tab)").endsWith("\nKettle TABS-1, tab one");
        assertThat(name.pane(YOURS)).endsWith("\nKettle TABS-1, tab two");

        name.keepYours();
        RecordPage saved = merge.resolve();

        assertThat(saved.value("name")).isEqualTo("Kettle TABS-1, tab two");
        assertThat(saved.version()).isEqualTo(3);
    }
}
