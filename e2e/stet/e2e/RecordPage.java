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

    boolean isDeleted() {
        return hasHook("record-deleted");
    }

    /** Deletes the version shown; stet goes back to the collection. */
    RecordListPage delete() {
        browser.clickAndWait(css(testId("delete-form"), testId("delete-button")), "record-list", "no-records");
        return new RecordListPage(browser);
    }

    HistoryPage history() {
        browser.clickAndWait(byTestId("history-link"), "history-page");
        return new HistoryPage(browser);
    }
}
