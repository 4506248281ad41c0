package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Every kind of page stet shows, checked with axe-core ({@link Axe}): none may have a
 * serious or critical violation. The pages are reached as users reach them, in the
 * states that change what they show (errors, a flash with its button, a deleted record,
 * a conflict). The rest of the suite checks the pages it visits as well (see
 * {@link Browser#checkAccessibility}); this test is the one that visits them all.
 */
@EndToEnd
class AccessibilityIT {

    /** Violations found, by page ("label at path"). */
    private final Map<String, List<String>> found = new LinkedHashMap<>();

    private void check(Browser browser, String label, String root) {
        browser.awaitPage(root);
        List<String> violations = Axe.seriousViolations(browser.web());
        if (!violations.isEmpty()) {
            found.put(label + " at " + browser.path(), violations);
        }
    }

    private void visit(Browser browser, String path, String label, String root) {
        browser.visit(path);
        check(browser, label, root);
    }

    @Test
    void every_page_has_no_serious_or_critical_violation(Browsers browsers) {
        Browser admin = browsers.open("admin");
        assumeTrue(admin.isChromium(), "axe needs a browser that lays pages out: Chromium (HtmlUnit runs here)");
        visit(admin, "/login", "log-in form", "login-form");
        visit(admin, "/no/such/page", "404, logged out", "error-page");
        admin.visit("/login");
        admin.type(By.id("username"), ADMIN.username());
        admin.type(By.id("password"), "wrong password");
        admin.clickAndWait(byTestId("login-button"), "login-error");
        check(admin, "log-in form with an error", "login-form");
        admin.type(By.id("username"), ADMIN.username());
        admin.type(By.id("password"), ADMIN.password());
        admin.clickAndWait(byTestId("login-button"), "collection-list");
        check(admin, "collections", "collection-list");

        Browser alice = browsers.logIn(ALICE);
        visit(alice, "/collections/inventory", "record list", "record-list");
        visit(alice, "/collections/inventory?sort=nope", "record list with an error", "list-error");
        visit(alice, "/collections/inventory/new", "new-record form", "record-form");
        alice.clickAndWait(css(testId("record-form"), testId("save-button")), "form-errors");
        check(alice, "new-record form with errors", "record-form");
        assertThat(alice.script("return document.activeElement.id;")).isEqualTo("error-summary");

        long id = Inventory.create(alice, "AXE-1").id();
        check(alice, "record page with a flash", "record-page");
        alice.click(css(testId("delete-form"), testId("delete-button")));
        check(alice, "record page asking to delete", "delete-confirm-inline");
        visit(alice, "/records/" + id + "/delete", "delete confirmation", "delete-confirm");
        visit(alice, "/records/" + id + "/edit", "edit form", "record-form");
        alice.type(By.id("f-description"), "Line one, Alice's\nLine two\nLine three\nLine four\nLine five\n");
        // The admin saves a conflicting change meanwhile: Alice's save brings up the merge page.
        admin.visit("/records/" + id + "/edit");
        admin.type(By.id("f-description"), "Line one, the admin's\nLine two\nLine three\nLine four\nLine five\n");
        admin.clickAndWait(css(testId("record-form"), testId("save-button")), "record-page");
        alice.clickAndWait(css(testId("record-form"), testId("save-button")), "merge-page");
        check(alice, "merge page", "merge-page");
        visit(alice, "/records/" + id + "/history", "history", "history-page");
        visit(alice, "/records/" + id + "/revisions/1", "a version as it was", "revision-page");
        visit(alice, "/records/" + id + "/compare?from=1&to=2", "comparison", "compare-page");
        visit(alice, "/records/" + id + "/compare?from=1&to=2&view=inline", "comparison, inline", "compare-page");
        visit(alice, "/admin/users", "403 for an editor", "error-page");
        visit(alice, "/no/such/page", "404, logged in", "error-page");

        visit(admin, "/records/" + id + "/revert/1", "revert preview", "revert-preview");
        visit(admin, "/records/" + id + "/undo/2", "undo preview", "undo-preview");
        visit(admin, "/admin/users", "users", "user-list");
        visit(admin, "/admin/audit", "audit log", "audit-page");
        visit(admin, "/collections/inventory/edit", "collection editor", "collection-form");
        visit(admin, "/admin/collections/new", "new collection", "collection-form");
        admin.type(By.id("name"), "Axe test");
        admin.type(By.id("slug"), "axe-test"); // and no field: refused
        admin.clickAndWait(byTestId("save-collection"), "form-errors");
        check(admin, "new collection with errors", "collection-form");

        // A delete that meets a newer version, then a delete, its flash and the deleted record.
        long other = Inventory.create(alice, "AXE-2").id();
        admin.visit("/records/" + other + "/delete");
        alice.visit("/records/" + other + "/edit");
        alice.type(By.id("f-name"), "Kettle AXE-2, renamed");
        alice.clickAndWait(css(testId("record-form"), testId("save-button")), "record-page");
        admin.clickAndWait(css(testId("delete-confirm-form"), testId("confirm-delete")), "delete-stale-page");
        check(admin, "stale delete", "delete-stale-page");
        alice.visit("/records/" + other + "/edit");
        admin.clickAndWait(css(testId("delete-stale-page"), testId("delete-button")), "record-list", "no-records");
        check(admin, "record list with the undo in its flash", "flash-action");
        alice.clickAndWait(css(testId("record-form"), testId("save-button")), "deleted-page");
        check(alice, "deleted while editing", "deleted-page");
        visit(admin, "/records/" + other, "deleted record, with the undo", "undo-delete-form");
        visit(admin, "/collections/inventory/deleted", "deleted records", "deleted-list-page");

        assertThat(found).as("serious or critical axe violations, by page").isEmpty();
    }

    /** The API tokens page: empty, with an error, showing a new secret, and an admin's view of everyone's. */
    @Test
    void the_api_tokens_page_has_no_serious_or_critical_violation(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        assumeTrue(alice.isChromium(), "axe needs a browser that lays pages out: Chromium (HtmlUnit runs here)");
        visit(alice, "/account/tokens", "API tokens, none yet", "tokens-page");
        alice.type(By.id("token-name"), "   "); // blank once trimmed: refused
        alice.clickAndWait(css(testId("new-token-form"), "button[type=\"submit\"]"), "error-name");
        check(alice, "API tokens with an error", "new-token-form");
        alice.type(By.id("token-name"), "axe script");
        alice.clickAndWait(css(testId("new-token-form"), "button[type=\"submit\"]"), "token-secret");
        check(alice, "API tokens showing a new secret", "token-secret");

        Browser admin = browsers.logIn(ADMIN);
        visit(admin, "/account/tokens", "API tokens, everyone's", "token-list");
        assertThat(found).as("serious or critical axe violations, by page").isEmpty();
    }

    /**
     * The states live.js and the lease add to the edit form and the record page: a marker,
     * the advisory lease notice with presence, the exclusive one (read-only, with notify and
     * break), and the holder's form after an admin broke the lease and saved.
     */
    @Test
    void lease_notices_markers_and_live_notices_have_no_serious_or_critical_violation(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        assumeTrue(admin.isChromium(), "axe needs a browser that lays pages out: Chromium (HtmlUnit runs here)");
        admin.newCollection().name("Axe tools").slug("axe-tools").exclusive(true).field(0, "name", "Name", "text").save();
        Browser alice = browsers.logIn(ALICE);
        long advisory = Inventory.create(alice, "AXE-LEASE").id();
        long exclusive = alice.newRecord("axe-tools").set("name", "Saw").save().id();

        RecordForm aliceForm = alice.edit(advisory);
        admin.record(advisory).live().awaitMarker("being edited by Alice");
        check(admin, "record page with a lease marker", "record-page");
        admin.edit(advisory).live().awaitLeaseHolder("Alice");
        check(admin, "edit form with an advisory lease notice", "lease-notice");
        aliceForm.live().awaitPresence("Also here: Admin (editing)");
        check(alice, "edit form with presence", "record-form");

        aliceForm = alice.edit(exclusive).set("name", "Saw, sharpened");
        RecordForm adminForm = admin.edit(exclusive);
        assertThat(adminForm.isReadOnly()).isTrue();
        check(admin, "read-only edit form with an exclusive lease notice", "lease-notice");
        adminForm.breakLease().set("name", "Saw, oiled").save();
        aliceForm.live().awaitNotice("lease-broken");
        aliceForm.live().awaitSaved(2);
        check(alice, "edit form after its lease was broken and the record saved", "record-form");

        assertThat(found).as("serious or critical axe violations, by page").isEmpty();
    }

    /**
     * The merge page's suggestions: each marked on its choice with a note saying why, "Accept
     * all suggestions" and "all yours/theirs" offered; the page saved with them undecided
     * (its message focused, each undecided group aria-invalid); then the page after accepting
     * them (the choices made in place, the Save button counting them, the button hidden).
     */
    @Test
    void merge_page_suggestions_and_the_page_after_accepting_them_have_no_serious_or_critical_violation(
            Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        assumeTrue(alice.isChromium(), "axe needs a browser that lays pages out: Chromium (HtmlUnit runs here)");
        Browser bob = browsers.logIn(BOB);
        MergePage merge = new MergeShortcutsIT.Texts("AXE-SUGGEST").conflict(bob, alice);
        check(alice, "merge page with suggestions", "suggested");
        MergePage undecided = merge.resolveAndExpectDecisionsMissing();
        check(alice, "merge page saved with conflicts undecided", "merge-page");
        undecided.acceptSuggestions();
        assertThat(undecided.decidedBySuggestion()).isEqualTo(2);
        check(alice, "merge page after accepting the suggestions", "merge-page");

        assertThat(found).as("serious or critical axe violations, by page").isEmpty();
    }

    @Test
    void the_collection_editor_fits_1366_pixels_and_the_record_list_400(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        assumeTrue(admin.isChromium(), "widths need a browser that lays pages out: Chromium (HtmlUnit runs here)");
        admin.web().manage().window().setSize(new Dimension(1366, 900));
        admin.visit("/collections/inventory/edit");
        admin.awaitPage("collection-form");
        assertThat(overflow(admin)).as("pixels wider than the window, collection editor at 1366").isZero();
        assertThat(admin.script("var t = document.querySelector('table.fields');"
                + " return t.getBoundingClientRect().right <= document.documentElement.clientWidth"
                + " && t.scrollWidth <= t.clientWidth + 1;")).isEqualTo(true);

        admin.viewport(400, 800);
        admin.visit("/collections/inventory");
        admin.awaitPage("record-list");
        assertThat(overflow(admin)).as("pixels wider than the window, record list at 400").isZero();
        assertThat(admin.find(byTestId("new-record")).isDisplayed()).isTrue();
    }

    /** How far the page reaches past the right edge of the window (0: it fits). */
    private static long overflow(Browser browser) {
        Object wider = browser.script("return Math.max(0, document.documentElement.scrollWidth"
                + " - document.documentElement.clientWidth);");
        return ((Number) wider).longValue();
    }
}
