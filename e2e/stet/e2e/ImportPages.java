package stet.e2e;

import static stet.e2e.Hooks.byTestId;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The CSV import pages: the upload form ({@code import-page} with {@code import-form}) and an
 * import's page ({@code import-preview}), whose progress bar ({@code import-progress}) the
 * page's script moves while the import is applied.
 */
final class ImportPages {

    private ImportPages() {}

    /** The upload form of a collection. */
    static final class Upload extends Page {

        Upload(Browser browser) {
            super(browser, "import-page");
        }

        /** Chooses a file as the file dialog does, and which unique field rows without {@code _id} match on ("" for none). */
        Upload choose(Path file, String match) {
            browser.find(byTestId("import-file")).sendKeys(file.toAbsolutePath().toString());
            browser.type(byTestId("import-match"), match);
            return this;
        }

        Preview upload() {
            browser.clickAndWait(byTestId("import-upload"), "import-preview");
            return new Preview(browser);
        }
    }

    /** An import's page: its state, counts, rows, the apply form and the progress bar. */
    static final class Preview extends Page {

        Preview(Browser browser) {
            super(browser, "import-preview");
        }

        String state() {
            return browser.attribute(byTestId("import-preview"), "data-state");
        }

        int count(String outcome) {
            return Integer.parseInt(browser.attribute(byTestId("import-count-" + outcome), "data-count"));
        }

        String outcomeOf(int line) {
            return browser.attribute(byTestId("import-row-" + line), "data-outcome");
        }

        /** Applies all rows but the conflicting and invalid ones (the form's default). */
        Preview apply() {
            browser.clickAndWait(byTestId("apply-import-button"), "import-preview");
            return new Preview(browser);
        }

        /**
         * Watches the progress bar until it is full and the page, loaded again by its script
         * when the import is done, says so; returns that page.
         */
        Preview awaitDone(Duration timeout) {
            // Read through the driver itself: while the script loads the page again, neither hook is there for a moment.
            browser.wait(timeout).ignoring(org.openqa.selenium.WebDriverException.class)
                    .withMessage(() -> "the import never finished: " + browser.describePage())
                    .until(d -> {
                        var page = d.findElements(byTestId("import-preview"));
                        var bar = d.findElements(byTestId("import-progress"));
                        return !page.isEmpty() && !bar.isEmpty()
                                && "done".equals(page.get(0).getDomAttribute("data-state"))
                                && bar.get(0).getDomAttribute("data-done").equals(bar.get(0).getDomAttribute("data-total"));
                    });
            return new Preview(browser);
        }

        /** What the progress bar says: rows done and rows in all. */
        int[] progress() {
            return new int[] {
                Integer.parseInt(browser.attribute(byTestId("import-progress"), "data-done")),
                Integer.parseInt(browser.attribute(byTestId("import-progress"), "data-total"))};
        }
    }
}
