package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

/**
 * The admin's audit log ({@code audit-page}): a row {@code audit-{record}-{version}} per
 * change, newest first, naming the record by its title ({@code audit-record}), the
 * changed fields by label ({@code audit-fields}), and linking to the change
 * ({@code audit-compare}).
 */
final class AuditPage extends Page {

    AuditPage(Browser browser) {
        super(browser, "audit-page");
    }

    /** Opens the log from the header's link, as an admin would. */
    static AuditPage open(Browser browser) {
        browser.clickAndWait(byTestId("audit-link"), "audit-page");
        return new AuditPage(browser);
    }

    /** The row of one change, as text. */
    String rowText(long record, int version) {
        return browser.text(byTestId(row(record, version)));
    }

    /** What the row calls the record: its title, or "#id". */
    String recordName(long record, int version) {
        return browser.text(css(testId(row(record, version)), testId("audit-record")));
    }

    String changedFields(long record, int version) {
        return browser.text(css(testId(row(record, version)), testId("audit-fields")));
    }

    When when(long record, int version) {
        return When.of(browser.find(css(testId(row(record, version)), "time")));
    }

    /** Follows the row's link to what the change changed. */
    ComparePage changes(long record, int version) {
        browser.clickAndWait(css(testId(row(record, version)), testId("audit-compare")), "compare-page");
        return new ComparePage(browser);
    }

    private static String row(long record, int version) {
        return "audit-" + record + "-" + version;
    }
}
