package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/** What undoing one change will save ({@code undo-preview}), and the button that does it. */
final class UndoPreview extends Page {

    UndoPreview(Browser browser) {
        super(browser, "undo-preview");
    }

    /** The version whose change the undo takes back. */
    int target() {
        return Integer.parseInt(browser.attribute(byTestId("undo-preview"), "data-target"));
    }

    RecordPage confirm() {
        browser.clickAndWait(byTestId("undo-button"), "record-page");
        return new RecordPage(browser);
    }
}
