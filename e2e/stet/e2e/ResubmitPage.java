package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/**
 * The page that offers, after logging in again, to send on a form posted while the
 * session had ended ({@code resubmit-page}).
 */
final class ResubmitPage extends Page {

    ResubmitPage(Browser browser) {
        super(browser, "resubmit-page");
    }

    /** Sends the kept form; it was a record's save, so the record shows. */
    RecordPage sendToRecord() {
        browser.clickAndWait(byTestId("resubmit-button"), "record-page");
        return new RecordPage(browser);
    }
}
