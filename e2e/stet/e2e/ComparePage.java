package stet.e2e;

import static stet.e2e.Hooks.byTestId;

import java.util.List;

/** Two versions of a record compared ({@code compare-page}): a {@code compare-field} per field that differs. */
final class ComparePage extends Page {

    ComparePage(Browser browser) {
        super(browser, "compare-page");
    }

    int from() {
        return Integer.parseInt(browser.attribute(byTestId("compare-page"), "data-from"));
    }

    int to() {
        return Integer.parseInt(browser.attribute(byTestId("compare-page"), "data-to"));
    }

    /** The keys of the fields that differ, in the collection's order. */
    List<String> changedFields() {
        return browser.findAll(byTestId("compare-field")).stream().map(f -> f.getDomAttribute("data-field")).toList();
    }
}
