package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.List;

/**
 * A record's history ({@code history-page}): a {@code revision-{version}} row per
 * version, newest first, each linking to the version as it was, and a form that
 * compares any two versions.
 */
final class HistoryPage extends Page {

    /** A row: the version and its {@code data-kind} ({@code create}, {@code update}, {@code merge}, …). */
    record Row(int version, String kind) {}

    HistoryPage(Browser browser) {
        super(browser, "history-page");
    }

    /** The rows as listed, newest first. */
    List<Row> rows() {
        return browser.findAll(css(testId("history-list"), "[data-testid^=\"revision-\"]")).stream()
                .map(row -> new Row(
                        Integer.parseInt(row.getDomAttribute("data-testid").substring("revision-".length())),
                        row.getDomAttribute("data-kind")))
                .toList();
    }

    /** One row as text: version, change, author, time, fields changed and comment. */
    String rowText(int version) {
        return browser.text(byTestId("revision-" + version));
    }

    /** Compares two versions with the history's compare form. */
    ComparePage compare(int from, int to) {
        browser.type(byTestId("compare-from"), Integer.toString(from));
        browser.type(byTestId("compare-to"), Integer.toString(to));
        browser.clickAndWait(byTestId("compare-button"), "compare-page");
        return new ComparePage(browser);
    }

    /** Opens a version as it was. */
    RevisionPage view(int version) {
        browser.clickAndWait(byTestId("view-revision-" + version), "revision-page");
        return new RevisionPage(browser);
    }
}
