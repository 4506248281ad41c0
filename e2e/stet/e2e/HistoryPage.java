package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.List;
import java.util.Optional;
import org.openqa.selenium.WebElement;

/**
 * A record's history ({@code history-page}): a {@code revision-{version}} row per
 * version, newest first, each linking to the version as it was, and MediaWiki's compare
 * form: a "from" radio ({@code compare-from-{v}}) and a "to" radio ({@code compare-to-{v}})
 * per row, and {@code compare-button}.
 */
final class HistoryPage extends Page {

    /** A row: the version and its {@code data-kind} ({@code create}, {@code update}, {@code merge}, …). */
    record Row(int version, String kind) {}

    HistoryPage(Browser browser) {
        super(browser, "history-page");
    }

    /** The rows as listed, newest first. */
    List<Row> rows() {
        return browser.findAll(css(testId("history-list"), "tr[data-testid^=\"revision-\"]")).stream()
                .map(row -> new Row(
                        Integer.parseInt(row.getDomAttribute("data-testid").substring("revision-".length())),
                        row.getDomAttribute("data-kind")))
                .toList();
    }

    /** One row as text: version, change, author, time, fields changed and comment. */
    String rowText(int version) {
        return browser.text(byTestId("revision-" + version));
    }

    /** The fields a version changed, by label, as its row lists them. */
    String changedFields(int version) {
        return browser.text(css(testId("revision-" + version), testId("fields-changed")));
    }

    /** When a version was made, as its row shows it. */
    When when(int version) {
        return When.of(browser.find(css(testId("revision-" + version), "time")));
    }

    /** The version checked in the "from" column, if any. */
    Optional<Integer> selectedFrom() {
        return checked("from");
    }

    /** The version checked in the "to" column, if any. */
    Optional<Integer> selectedTo() {
        return checked("to");
    }

    /** Whether the radio is offered: present, and not hidden because the other column rules it out. */
    boolean offersFrom(int version) {
        return offered("compare-from-" + version);
    }

    boolean offersTo(int version) {
        return offered("compare-to-" + version);
    }

    /**
     * Picks two versions with the radios, as a user would, and compares them. The radio
     * that the current choice leaves visible is picked first: with JavaScript the page
     * hides the radios that would make an older "to" than "from".
     */
    ComparePage compare(int from, int to) {
        if (from < selectedTo().orElse(Integer.MAX_VALUE)) {
            pickFrom(from);
            pickTo(to);
        } else {
            pickTo(to);
            pickFrom(from);
        }
        browser.clickAndWait(byTestId("compare-button"), "compare-page");
        return new ComparePage(browser);
    }

    void pickFrom(int version) {
        browser.click(byTestId("compare-from-" + version));
    }

    void pickTo(int version) {
        browser.click(byTestId("compare-to-" + version));
    }

    /** The message of a pair that could not be compared ({@code compare-error}), if any. */
    Optional<String> compareError() {
        return browser.findAll(byTestId("compare-error")).stream().map(WebElement::getText).findFirst();
    }

    /** Opens a version as it was. */
    RevisionPage view(int version) {
        browser.clickAndWait(byTestId("view-revision-" + version), "revision-page");
        return new RevisionPage(browser);
    }

    private Optional<Integer> checked(String column) {
        return browser.findAll(css(testId("compare-form"), "input[type=radio][name=\"" + column + "\"]")).stream()
                .filter(WebElement::isSelected)
                .map(radio -> Integer.parseInt(radio.getDomAttribute("value")))
                .findFirst();
    }

    private boolean offered(String testId) {
        return browser.findAll(byTestId(testId)).stream().anyMatch(WebElement::isDisplayed);
    }
}
