package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.List;

/** A record's history ({@code history-list}): a {@code revision-{version}} row per version, newest first. */
final class HistoryPage extends Page {

    /** A row of the history: the version and its {@code data-kind} ({@code create}, {@code update}, {@code merge}, …). */
    record Row(int version, String kind) {}

    HistoryPage(Browser browser) {
        super(browser, "history-list");
    }

    /** The rows as listed, newest first. */
    List<Row> rows() {
        return browser.findAll(css(testId("history-list"), "[data-testid^=\"revision-\"]")).stream()
                .map(row -> new Row(Integer.parseInt(row.getDomAttribute("data-testid").substring("revision-".length())),
                        row.getDomAttribute("data-kind")))
                .toList();
    }

    /** One row as text: version, change, author, time, fields changed and comment. */
    String rowText(int version) {
        return browser.text(byTestId("revision-" + version));
    }
}
