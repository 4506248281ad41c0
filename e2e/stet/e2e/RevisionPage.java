package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/**
 * One version of a record as it was ({@code revision-page}); for admins it links to
 * reverting the record to this version ({@code revert-link}) and to undoing this
 * version's change alone ({@code undo-link}).
 */
final class RevisionPage extends Page {

    RevisionPage(Browser browser) {
        super(browser, "revision-page");
    }

    int version() {
        return Integer.parseInt(browser.attribute(byTestId("revision-page"), "data-version"));
    }

    /** A value of this version as shown. */
    String value(String key) {
        return browser.text(byTestId("value-" + key));
    }

    boolean offersRevert() {
        return hasHook("revert-link");
    }

    boolean offersUndo() {
        return hasHook("undo-link");
    }

    RevertPreview revert() {
        browser.clickAndWait(byTestId("revert-link"), "revert-preview");
        return new RevertPreview(browser);
    }

    /** Undoes this version's change, which merges cleanly with what came after: a preview. */
    UndoPreview undo() {
        browser.clickAndWait(byTestId("undo-link"), "undo-preview");
        return new UndoPreview(browser);
    }
}
