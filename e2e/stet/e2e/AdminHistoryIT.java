package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.BOB;

import org.junit.jupiter.api.Test;

/** Scenario 7: an admin compares versions, reverts to an older one and undoes a change in the middle; editors may not. */
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

        ComparePage compare = admin.compare(id, 1, 4);
        assertThat(compare.from()).isEqualTo(1);
        assertThat(compare.to()).isEqualTo(4);
        assertThat(compare.changedFields()).containsExactly("name", "description", "price");

        RevisionPage three = admin.revision(id, 3);
        assertThat(three.offersRevert()).isTrue();
        RecordPage reverted = three.revert().confirm();

        assertThat(reverted.flash()).map(Page.Flash::kind).hasValue("success");
        assertThat(reverted.version()).isEqualTo(5);
        assertThat(reverted.value("name")).isEqualTo("Kettle HISTORY-1");
        assertThat(reverted.value("price")).isEqualTo("25");
        assertThat(reverted.value("description")).isEqualTo(description.strip());

        RevisionPage two = admin.revision(id, 2);
        assertThat(two.offersUndo()).isTrue();
        RecordPage undone = two.undo().confirm();

        assertThat(undone.flash()).map(Page.Flash::kind).hasValue("success");
        assertThat(undone.version()).isEqualTo(6);
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

        ErrorPage forbidden = bob.error("/records/" + id + "/revert/1");

        assertThat(forbidden.status()).isEqualTo(403);
        RecordPage record = bob.record(id);
        assertThat(record.version()).isEqualTo(2);
        assertThat(record.value("price")).isEqualTo("30");
    }
}
