package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Edit leases and live changes (static/live.js over {@code GET /records/{id}/events}):
 * who is editing, seen by others at once and gone when they leave; others' saves told
 * to an open form without touching what its user typed; exclusive collections, whose
 * form stays read-only for everyone but the holder until the holder is done or an admin
 * breaks the lease.
 */
@EndToEnd
class LiveEditingIT {

    /** How soon a page must hear that a lease ended: the user is still looking at it. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    /**
     * A browser in which {@code user} has logged in. Live changes need EventSource, which
     * HtmlUnit (the fallback where Chromium is missing, never on CI) does not run.
     */
    private static Browser logIn(Browsers browsers, User user) {
        Browser browser = browsers.logIn(user);
        assumeTrue(browser.isChromium(), "live changes need a browser with EventSource: Chromium (HtmlUnit runs here)");
        return browser;
    }

    @Test
    void bob_sees_alices_lease_and_each_sees_the_other_editing(Browsers browsers) {
        Browser alice = logIn(browsers, ALICE);
        Browser bob = logIn(browsers, BOB);
        long id = Inventory.create(alice, "LIVE-1").id();

        RecordForm aliceForm = alice.edit(id);
        assertThat(aliceForm.live().leaseHolder()).isNull();
        RecordForm bobForm = bob.edit(id);

        assertThat(bobForm.live().awaitLeaseHolder("Alice")).startsWith("Alice has been editing since ")
                .contains("the lease ends at ").contains("unless Alice keeps working")
                .endsWith("You may edit anyway: your save goes through the usual check and is merged with theirs."
                        + " Edit anyway");
        assertThat(bobForm.offers("edit-anyway")).isTrue();
        assertThat(bobForm.offers("break-lease")).isFalse();
        assertThat(bobForm.isReadOnly()).isFalse();
        bobForm.live().awaitPresence("Also here: Alice (editing)");
        aliceForm.live().awaitPresence("Also here: Bob (editing)");
        assertThat(aliceForm.live().leaseHolder()).isNull();
    }

    @Test
    void closing_alices_tab_ends_her_lease_and_bobs_notice_goes_within_two_seconds(Browsers browsers) {
        Browser alice = logIn(browsers, ALICE);
        Browser bob = logIn(browsers, BOB);
        long id = Inventory.create(alice, "LIVE-2").id();
        Browser aliceTab = alice.newTab();
        aliceTab.edit(id);
        RecordForm bobForm = bob.edit(id);
        bobForm.live().awaitLeaseHolder("Alice");
        bob.markDocument();

        aliceTab.closeTab();

        bobForm.live().awaitNoLeaseNotice(AT_ONCE);
        assertThat(bob.showsMarkedDocument()).isTrue();
        // Bob's page took the free lease: Alice, opening the record, sees him editing it.
        alice.record(id).live().awaitMarker("being edited by Bob");
    }

    @Test
    void alices_save_is_told_to_bobs_open_form_which_keeps_his_typing_and_his_save_merges(Browsers browsers) {
        Browser alice = logIn(browsers, ALICE);
        Browser bob = logIn(browsers, BOB);
        long id = Inventory.create(alice, "LIVE-3").id();
        RecordForm aliceForm = alice.edit(id);
        RecordForm bobForm = bob.edit(id).set("price", "25");
        bob.markDocument();
        String alices = Inventory.DESCRIPTION.replace("Line four", "Line four, by Alice");

        RecordPage aliceSaved = aliceForm.set("description", alices).save();
        assertThat(aliceSaved.flash()).map(Page.Flash::text).hasValue("Saved version 2.");

        assertThat(bobForm.live().awaitSaved(2))
                .isEqualTo("Alice saved version 2 (changed Description) — your save will be merged with it. See the changes");
        assertThat(bob.showsMarkedDocument()).isTrue();
        assertThat(bobForm.value("price")).isEqualTo("25");
        assertThat(bobForm.value("description")).isEqualTo(Inventory.DESCRIPTION);
        // Alice's save ended her lease; Bob's page took it.
        bobForm.live().awaitNoLeaseNotice(AT_ONCE);

        RecordPage merged = bobForm.save();
        assertThat(merged.flash()).map(Page.Flash::text)
                .hasValue("Merged with Alice's change (version 2): Alice changed Description; you changed Price.");
        assertThat(merged.version()).isEqualTo(3);
        assertThat(merged.value("price")).isEqualTo("25");
        assertThat(merged.value("description")).isEqualTo(alices.strip());
    }

    @Test
    void the_record_page_marks_the_record_while_alice_edits_it_and_unmarks_it_when_she_leaves(Browsers browsers) {
        Browser alice = logIn(browsers, ALICE);
        Browser bob = logIn(browsers, BOB);
        long id = Inventory.create(alice, "LIVE-4").id();
        RecordPage bobView = bob.record(id);
        bob.markDocument();
        assertThat(bobView.hasHook("lease-marker-" + id)).isFalse();

        alice.edit(id);
        bobView.live().awaitMarker("being edited by Alice").awaitPresence("Also here: Alice (editing)");

        alice.records("inventory");
        bobView.live().awaitNoMarker(AT_ONCE);
        assertThat(bob.showsMarkedDocument()).isTrue();
    }

    @Test
    void in_an_exclusive_collection_bobs_form_is_read_only_until_alice_leaves_then_opens_in_place(Browsers browsers) {
        Browser alice = logIn(browsers, ALICE);
        // Two browsers at most: the admin makes the collection in the one Bob then logs in to.
        Browser bob = browsers.open("bob");
        bob.loginPage().logInAs(ADMIN);
        createExclusiveCollection(bob, "tools-a").logOut().logInAs(BOB);
        long id = alice.newRecord("tools-a").set("name", "Saw").set("notes", "Sharp\n").save().id();
        alice.edit(id);

        RecordForm bobForm = bob.edit(id);
        assertThat(bobForm.isReadOnly()).isTrue();
        assertThat(bobForm.live().leaseHolder()).isEqualTo("Alice");
        assertThat(bobForm.offers("notify-when-done")).isTrue();
        assertThat(bobForm.offers("edit-anyway")).isFalse();
        assertThat(bobForm.offers("break-lease")).isFalse();
        assertThat(bobForm.notifyWhenDone()).isEqualTo("You will be told here when Alice is done");
        bob.markDocument();

        alice.record(id);

        assertThat(bobForm.live().awaitNotice("lease-free", AT_ONCE))
                .isEqualTo("Alice is done: you can edit this record now.");
        bobForm.awaitEditable();
        assertThat(bob.showsMarkedDocument()).isTrue();
        assertThat(bobForm.live().leaseHolder()).isNull();
        RecordPage saved = bobForm.set("notes", "Sharp, oiled\n").save();
        assertThat(saved.flash()).map(Page.Flash::text).hasValue("Saved version 2.");
        assertThat(saved.value("notes")).isEqualTo("Sharp, oiled");
    }

    @Test
    void an_admin_breaks_alices_lease_and_her_open_form_says_so_at_once_keeping_her_typing(Browsers browsers) {
        Browser admin = logIn(browsers, ADMIN);
        createExclusiveCollection(admin, "tools-b");
        Browser alice = logIn(browsers, ALICE);
        long id = alice.newRecord("tools-b").set("name", "Plane").set("notes", "Blunt\n").save().id();
        RecordForm aliceForm = alice.edit(id).set("notes", "Blunt, to be sharpened\n");
        alice.markDocument();

        RecordForm adminForm = admin.edit(id);
        assertThat(adminForm.isReadOnly()).isTrue();
        assertThat(adminForm.live().leaseHolder()).isEqualTo("Alice");
        assertThat(adminForm.offers("break-lease")).isTrue();
        RecordForm adminHolds = adminForm.breakLease();

        assertThat(adminHolds.flash()).map(Page.Flash::text)
                .hasValue("You broke the lease Alice held; their page has been told. You hold it now.");
        assertThat(adminHolds.isReadOnly()).isFalse();
        assertThat(adminHolds.live().leaseHolder()).isNull();
        assertThat(aliceForm.live().awaitNotice("lease-broken", AT_ONCE)).isEqualTo("Admin broke your edit lease."
                + " What you typed is still here; your save goes through the usual check once nobody else is editing.");
        assertThat(alice.showsMarkedDocument()).isTrue();
        assertThat(aliceForm.value("notes")).isEqualTo("Blunt, to be sharpened\n");
        // The lease changed hands in one step: Alice's page never saw it free, so it did not take it back.
        aliceForm.live().awaitLeaseHolder("Admin");
        RecordPage saved = adminHolds.set("name", "Plane, No. 4").save();
        assertThat(saved.flash()).map(Page.Flash::text).hasValue("Saved version 2.");
        assertThat(aliceForm.live().awaitSaved(2)).startsWith("Admin saved version 2 (changed Name)");
        assertThat(aliceForm.value("notes")).isEqualTo("Blunt, to be sharpened\n");
    }

    /** A collection with a name and notes in which only the lease holder may save, made in the collection editor. */
    private static RecordListPage createExclusiveCollection(Browser admin, String slug) {
        return admin.newCollection()
                .name("Tools " + slug)
                .slug(slug)
                .exclusive(true)
                .field(0, "name", "Name", "text")
                .field(1, "notes", "Notes", "longtext")
                .save();
    }
}
