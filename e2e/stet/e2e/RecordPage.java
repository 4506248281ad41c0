package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

/** A record as it is saved ({@code record-page}): its values, version and actions. */
final class RecordPage extends Page {

    RecordPage(Browser browser) {
        super(browser, "record-page");
    }

    long id() {
        return Long.parseLong(browser.attribute(byTestId("record-page"), "data-record-id"));
    }

    int version() {
        return Integer.parseInt(browser.attribute(byTestId("record-page"), "data-version"));
    }

    /** A value as shown (a longtext keeps its lines; the text ends without the final newline). */
    String value(String key) {
        return browser.text(byTestId("value-" + key));
    }

    /** What the record page shows live: who else is here, others' saves, who is editing (see {@link Live}). */
    Live live() {
        return new Live(browser, id());
    }

    boolean isDeleted() {
        return hasHook("record-deleted");
    }

    /**
     * Deletes the version shown, as a user with JavaScript does: Delete shows the question
     * in place, and "Yes" deletes. stet goes back to the collection.
     */
    RecordListPage delete() {
        askToDelete();
        browser.clickAndWait(css(testId("delete-confirm-inline"), testId("confirm-delete")), "record-list", "no-records");
        return new RecordListPage(browser);
    }

    /** Clicks Delete (with JavaScript): the question shows in place, with the focus on its "Yes"; nothing is deleted yet. */
    RecordPage askToDelete() {
        browser.click(css(testId("delete-form"), testId("delete-button")));
        browser.wait(Browser.TIMEOUT).withMessage("the delete question did not show")
                .until(d -> browser.find(byTestId("delete-confirm-inline")).isDisplayed());
        return this;
    }

    /** Cancels the question Delete asked in place. */
    RecordPage cancelDelete() {
        browser.click(css(testId("delete-confirm-inline"), testId("cancel-delete")));
        return this;
    }

    boolean asksToDelete() {
        return browser.find(byTestId("delete-confirm-inline")).isDisplayed();
    }

    /** The data-testid of the element that has the keyboard focus. */
    String focused() {
        return String.valueOf(browser.script("return document.activeElement.getAttribute('data-testid');"));
    }

    /**
     * Follows the Delete link as a browser without JavaScript does: the confirmation page.
     * (The link's target is what such a browser opens; the page's script only intercepts it.)
     */
    DeleteConfirmPage openDeleteConfirmation() {
        browser.visit(browser.attribute(byTestId("delete-button"), "href"));
        return new DeleteConfirmPage(browser);
    }

    /** Undoes the user's own delete from the deleted record's page. */
    RecordPage undoDelete() {
        browser.clickAndWait(css(testId("undo-delete-form"), testId("undo-delete")), "record-page");
        return new RecordPage(browser);
    }

    boolean offersUndoDelete() {
        return hasHook("undo-delete-form");
    }

    HistoryPage history() {
        browser.clickAndWait(byTestId("history-link"), "history-page");
        return new HistoryPage(browser);
    }
}
