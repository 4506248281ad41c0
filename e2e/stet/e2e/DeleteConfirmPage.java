package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

/**
 * The page that asks before a delete ({@code delete-confirm}), where a browser without
 * JavaScript lands from a record's Delete: the values that will be deleted, and the form
 * that deletes this version.
 */
final class DeleteConfirmPage extends Page {

    DeleteConfirmPage(Browser browser) {
        super(browser, "delete-confirm");
    }

    int version() {
        return Integer.parseInt(browser.attribute(byTestId("delete-confirm"), "data-version"));
    }

    String value(String key) {
        return browser.text(byTestId("value-" + key));
    }

    RecordListPage confirm() {
        browser.clickAndWait(css(testId("delete-confirm-form"), testId("confirm-delete")), "record-list", "no-records");
        return new RecordListPage(browser);
    }

    RecordPage keep() {
        browser.clickAndWait(byTestId("cancel-delete"), "record-page");
        return new RecordPage(browser);
    }
}
