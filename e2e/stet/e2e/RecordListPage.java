package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/** A collection's records ({@code record-list}, or {@code no-records} when there are none). */
final class RecordListPage extends Page {

    RecordListPage(Browser browser) {
        super(browser, "record-list", "no-records");
    }

    boolean lists(long recordId) {
        return browser.has(byTestId("record-row-" + recordId));
    }
}
