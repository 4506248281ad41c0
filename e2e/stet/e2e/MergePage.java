package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openqa.selenium.WebElement;

/**
 * The merge page ({@code merge-page}, HTTP 409): what the user started from
 * ("original"), what is saved now ("theirs") and what the user submitted ("yours"),
 * a row per changed field, and the resolve button.
 */
final class MergePage extends Page {

    MergePage(Browser browser) {
        super(browser, "merge-page");
    }

    int originalVersion() {
        return Integer.parseInt(browser.attribute(byTestId("merge-page"), "data-original-version"));
    }

    int theirsVersion() {
        return Integer.parseInt(browser.attribute(byTestId("merge-page"), "data-theirs-version"));
    }

    /** Who saved what meanwhile, in words. */
    String notice() {
        return browser.text(byTestId("merge-notice"));
    }

    /** Each changed field's key and outcome ({@code CONFLICT}, {@code THEIRS_ONLY}, …), conflicts first. */
    Map<String, String> outcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (WebElement row : browser.findAll(byTestId("merge-field"))) {
            outcomes.put(row.getDomAttribute("data-field"), row.getDomAttribute("data-outcome"));
        }
        return outcomes;
    }

    MergeField field(String key) {
        return new MergeField(browser, key);
    }

    /** Saves the resolution and it is saved. */
    RecordPage resolve() {
        submit("record-page");
        return new RecordPage(browser);
    }

    /** Saves the resolution, but someone saved again meanwhile: the merge page comes back against their version. */
    MergePage resolveAndExpectMerge() {
        submit("merge-page");
        return new MergePage(browser);
    }

    /** Saves with a conflict still undecided: the same merge page comes back, saying what is missing. */
    MergePage resolveAndExpectDecisionsMissing() {
        submit("merge-page");
        MergePage again = new MergePage(browser);
        if (!browser.has(byTestId("merge-errors"))) {
            throw new AssertionError("the merge page came back without saying what is undecided");
        }
        return again;
    }

    private void submit(String expected) {
        browser.clickAndWait(css(testId("merge-form"), testId("resolve-button")), expected);
    }
}
