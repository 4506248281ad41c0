package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/** What reverting to an older version will save ({@code revert-preview}), and the button that does it. */
final class RevertPreview extends Page {

    RevertPreview(Browser browser) {
        super(browser, "revert-preview");
    }

    /** The version whose values the revert brings back. */
    int target() {
        return Integer.parseInt(browser.attribute(byTestId("revert-preview"), "data-target"));
    }

    RecordPage confirm() {
        browser.clickAndWait(byTestId("revert-button"), "record-page");
        return new RecordPage(browser);
    }
}
