package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.BOB;

import org.junit.jupiter.api.Test;

/** Scenario 7: an admin compares versions, reverts to an older one and undoes a middle change; an editor may not. */
@EndToEnd
class AdminHistoryIT {

    @Test
    void an_admin_compares_versions_reverts_to_an_older_one_and_undoes_a_middle_change(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(bob, "HISTORY-1").id(); // version 1
        bob.edit(id).set("price", "25").save(); // 2: the middle change to undo
        String description = Inventory.DESCRIPTION.replace("Line four", "Line four, by the admin");
        admin.edit(id).set("description", description).save(); // 3: the version to revert to
        bob.edit(id).set("name", "Kettle HISTORY-1, renamed by Bob").save(); // 4

        ComparePage compare = admin.history(id).compare(1, 4);
        assertThat(compare.from()).isEqualTo(1);
        assertThat(compare.to()).isEqualTo(4);
        assertThat(compare.changedFields()).containsExactly("name", "description", "price");

        RevisionPage three = admin.history(id).view(3);
        assertThat(three.value("name")).isEqualTo("Kettle HISTORY-1");
        RevertPreview revert = three.revert();
        assertThat(revert.target()).isEqualTo(3);
        RecordPage reverted = revert.confirm();

        assertThat(reverted.flash()).hasValue(new Page.Flash("Saved version 5.", "success", null));
        assertThat(reverted.value("name")).isEqualTo("Kettle HISTORY-1");
        assertThat(reverted.value("price")).isEqualTo("25");
        assertThat(reverted.value("description")).isEqualTo(description.strip());

        UndoPreview undo = admin.history(id).view(2).undo();
        assertThat(undo.target()).isEqualTo(2);
        RecordPage undone = undo.confirm();

        assertThat(undone.flash()).hasValue(new Page.Flash("Saved version 6.", "success", null));
        assertThat(undone.value("price")).isEqualTo("20");
        assertThat(undone.value("name")).isEqualTo("Kettle HISTORY-1");
        assertThat(undone.value("description")).isEqualTo(description.strip());
        assertThat(undone.history().rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("undo", "revert", "update", "update", "update", "create");
    }

    @Test
    void an_editor_gets_403_on_the_revert_url_and_nothing_changes(Browsers browsers) {
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(bob, "HISTORY-2").id();
        bob.edit(id).set("price", "30").save();
        RevisionPage first = bob.history(id).view(1);
        assertThat(first.offersRevert()).isFalse();
        assertThat(first.offersUndo()).isFalse();

        ErrorPage forbidden = bob.error("/records/" + id + "/revert/1");

        assertThat(forbidden.status()).isEqualTo(403);
        RecordPage record = bob.record(id);
        assertThat(record.version()).isEqualTo(2);
        assertThat(record.value("price")).isEqualTo("30");
    }
}
