package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import org.junit.jupiter.api.Test;

/** Scenarios 1 and 5: Alice and Bob save the same record, and stet merges their changes without asking. */
@EndToEnd
class AutomaticMergeIT {

    @Test
    void changes_to_different_fields_merge_with_a_notice_and_both_are_kept(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "AUTO-1").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id);

        RecordPage bobSaved = bobForm.set("price", "25").save();
        assertThat(bobSaved.flash()).map(Page.Flash::text).hasValue("Saved version 2.");
        String aliceDescription = Inventory.DESCRIPTION.replace("Line four", "Line four, by Alice");
        RecordPage merged = aliceForm.set("description", aliceDescription).save();

        assertThat(merged.flash()).hasValue(new Page.Flash(
                "Merged with Bob's change (version 2): you changed Description; Bob changed Price.", "success",
                "/records/" + id + "/compare?from=1&to=3"));
        assertThat(merged.version()).isEqualTo(3);
        assertThat(merged.value("price")).isEqualTo("25");
        assertThat(merged.value("description")).isEqualTo(aliceDescription.strip());
        ComparePage changes = merged.followFlashLink();
        assertThat(changes.from()).isEqualTo(1);
        assertThat(changes.to()).isEqualTo(3);
        assertThat(changes.changedFields()).containsExactly("description", "price");
        assertThat(alice.edit(id).value("description")).isEqualTo(aliceDescription);
        assertThat(alice.history(id).rows()).containsExactly(
                new HistoryPage.Row(3, "merge"), new HistoryPage.Row(2, "update"), new HistoryPage.Row(1, "create"));
    }

    @Test
    void a_delta_quantity_adds_both_changes_without_a_conflict(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "DELTA-1").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id);

        bobForm.set("quantity", "15").save(); // Bob: +5
        RecordPage merged = aliceForm.set("quantity", "7").save(); // Alice: -3

        assertThat(merged.value("quantity")).isEqualTo("12");
        assertThat(merged.flash()).map(Page.Flash::text).hasValue(
                "Merged with Bob's change (version 2): both changed Quantity in stock: 15 + (7 − 10) = 12.");
        assertThat(merged.version()).isEqualTo(3);
        assertThat(merged.history().rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("merge", "update", "create");
    }
}
