package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import org.junit.jupiter.api.Test;

/** Scenario 4: Bob deletes the record Alice is editing; nothing she typed is lost. */
@EndToEnd
class DeletedWhileEditingIT {

    @Test
    void alice_restores_the_record_bob_deleted_with_her_changes(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(alice, "GONE-1").id();
        RecordForm aliceForm = alice.edit(id);

        RecordListPage afterDelete = bob.record(id).delete();
        assertThat(afterDelete.lists(id)).isFalse();
        DeletedPage deleted = aliceForm.set("name", "Kettle, kept by Alice").set("price", "22.5")
                .saveAndExpectDeleted();

        assertThat(deleted.notice()).startsWith("Bob deleted it at ").contains("(version 2)");
        assertThat(deleted.value("name")).isEqualTo("Kettle, kept by Alice");
        assertThat(deleted.value("price")).isEqualTo("22.5");
        RecordPage restored = deleted.restore();

        assertThat(restored.flash()).map(Page.Flash::text).hasValue("Restored as version 3.");
        assertThat(restored.isDeleted()).isFalse();
        assertThat(restored.version()).isEqualTo(3);
        assertThat(restored.value("name")).isEqualTo("Kettle, kept by Alice");
        assertThat(restored.value("price")).isEqualTo("22.5");
        assertThat(restored.value("sku")).isEqualTo("GONE-1");
        assertThat(restored.history().rows()).containsExactly(
                new HistoryPage.Row(3, "restore"), new HistoryPage.Row(2, "delete"), new HistoryPage.Row(1, "create"));
    }
}
