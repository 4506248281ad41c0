package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

/**
 * The page of a save whose record was deleted meanwhile ({@code deleted-page}): restore
 * the record with what the user typed, or discard it.
 */
final class DeletedPage extends Page {

    DeletedPage(Browser browser) {
        super(browser, "deleted-page");
    }

    String notice() {
        return browser.text(byTestId("deleted-notice"));
    }

    /** A value of the restore form: what the user had typed. */
    String value(String key) {
        return browser.value(css(testId("restore-form"), "#f-" + key));
    }

    RecordPage restore() {
        browser.clickAndWait(css(testId("restore-form"), testId("restore-button")), "record-page");
        return new RecordPage(browser);
    }
}
