package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.List;
import org.openqa.selenium.WebElement;

/**
 * Two versions of a record compared ({@code compare-page}): a {@code compare-field} per
 * field that differs, where what only the older version had is {@code <del>} and what
 * only the newer has is {@code <ins>}.
 */
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

    /** A changed field's heading: its label. */
    String label(String key) {
        return browser.text(css(testId("compare-field", "data-field", key), "h2"));
    }

    /** The pieces of a field's value that only the older version had, in order. */
    List<String> deleted(String key) {
        return texts(key, "del");
    }

    /** The pieces of a field's value that only the newer version has, in order. */
    List<String> inserted(String key) {
        return texts(key, "ins");
    }

    private List<String> texts(String key, String tag) {
        return browser.findAll(css(testId("compare-field", "data-field", key), tag)).stream()
                .map(WebElement::getText).toList();
    }
}
