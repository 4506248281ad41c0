package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import org.junit.jupiter.api.Test;

/**
 * Deleting asks first, with JavaScript (a question in place) and without (a confirmation
 * page), and the person who deleted can take it back from the message that follows, as
 * long as nobody changed the record since.
 */
@EndToEnd
class DeleteIT {

    @Test
    void delete_asks_in_place_and_the_flash_undoes_it(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        RecordPage record = Inventory.create(alice, "DEL-1");
        long id = record.id();

        record.askToDelete();
        assertThat(record.asksToDelete()).isTrue();
        assertThat(record.focused()).isEqualTo("confirm-delete");
        record.cancelDelete();
        assertThat(record.asksToDelete()).isFalse();
        assertThat(alice.record(id).isDeleted()).isFalse();

        RecordListPage list = alice.record(id).delete();
        assertThat(list.lists(id)).isFalse();
        assertThat(list.flash()).map(Page.Flash::text).hasValue("Deleted “Kettle DEL-1”. Its history is kept.");
        RecordPage back = list.undoFromFlash();

        assertThat(back.flash()).map(Page.Flash::text).hasValue("Delete undone: the record is back as version 3.");
        assertThat(back.isDeleted()).isFalse();
        assertThat(back.value("sku")).isEqualTo("DEL-1");
        assertThat(back.history().rows()).containsExactly(
                new HistoryPage.Row(3, "restore"), new HistoryPage.Row(2, "delete"), new HistoryPage.Row(1, "create"));
    }

    @Test
    void without_javascript_delete_opens_a_confirmation_page_showing_what_will_be_deleted(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        RecordPage record = Inventory.create(alice, "DEL-2");
        long id = record.id();

        DeleteConfirmPage confirm = record.openDeleteConfirmation();
        assertThat(confirm.version()).isEqualTo(1);
        assertThat(confirm.value("name")).isEqualTo("Kettle DEL-2");
        RecordPage kept = confirm.keep();
        assertThat(kept.isDeleted()).isFalse();

        RecordListPage list = kept.openDeleteConfirmation().confirm();
        assertThat(list.lists(id)).isFalse();
        RecordPage deleted = alice.record(id);
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.offersUndoDelete()).isTrue();
        RecordPage back = deleted.undoDelete();
        assertThat(back.isDeleted()).isFalse();
        assertThat(back.version()).isEqualTo(3);
    }

    @Test
    void the_undo_is_offered_to_the_deleter_only_and_refused_once_the_record_changed(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "DEL-3").id();
        RecordListPage list = alice.record(id).delete();

        assertThat(bob.record(id).offersUndoDelete()).isFalse();
        // Alice's second tab keeps the deleted record's page, with its undo, open.
        RecordPage aliceTab = alice.newTab().record(id);
        assertThat(aliceTab.offersUndoDelete()).isTrue();
        bob.visit("/records/" + id + "/delete"); // a deleted record is not asked about again
        RecordPage stillDeleted = new RecordPage(bob);
        assertThat(stillDeleted.flash()).map(Page.Flash::text).hasValue("This record is already deleted.");

        RecordPage afterUndo = list.undoFromFlash();
        assertThat(afterUndo.version()).isEqualTo(3);
        RecordPage refused = aliceTab.undoDelete();

        assertThat(refused.flash()).map(Page.Flash::kind).hasValue("warning");
        assertThat(refused.flash().orElseThrow().text()).startsWith("Not undone: the record changed after your delete");
        assertThat(refused.version()).isEqualTo(3);
    }
}
