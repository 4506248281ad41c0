package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The merge page ({@code merge-page}, HTTP 409): what the user started from
 * ("original"), what is saved now ("theirs") and what the user submitted ("yours"),
 * a row per changed field, the result as decided so far ({@code result-preview}), and
 * the bar with the conflicts counter, the next undecided conflict, Preview and Save.
 */
final class MergePage extends Page {

    MergePage(Browser browser) {
        super(browser, "merge-page");
    }

    /** An admin opens the undo of a version that conflicts with later changes: the merge page, worded as an undo. */
    static MergePage undoing(Browser admin, long id, int version) {
        admin.visit("/records/" + id + "/undo/" + version);
        return new MergePage(admin);
    }

    long recordId() {
        return Long.parseLong(browser.attribute(byTestId("merge-page"), "data-record-id"));
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

    /** The page's heading: who saved meanwhile, or "Undo version 2 by Bob" for an admin's undo. */
    String heading() {
        return browser.text(css(testId("merge-page"), "h1"));
    }

    /** The conflicts still undecided, as the bar's counter says ({@code conflicts-left}, {@code data-left}). */
    int conflictsLeft() {
        return Integer.parseInt(browser.attribute(byTestId("conflicts-left"), "data-left"));
    }

    /** The counter in words: "1 of 3 conflicts decided". */
    String counter() {
        return browser.text(byTestId("conflicts-left"));
    }

    /** Where the "next undecided conflict" link points (an element id), or empty when it is not shown. */
    Optional<String> nextConflict() {
        WebElement link = browser.find(byTestId("next-conflict"));
        if (!link.isDisplayed()) {
            return Optional.empty();
        }
        String href = link.getDomAttribute("href");
        return Optional.of(href.substring(href.indexOf('#') + 1));
    }

    /** The save button's words, e.g. "Save my resolution (2 conflicts left)". */
    String saveButton() {
        return browser.text(byTestId("resolve-button"));
    }

    /** The result pane's heading ("Result", "What undoing would give"). */
    String resultHeading() {
        return browser.text(css(testId("result-preview"), "h2"));
    }

    /** A field's value in the result pane, as shown (gaps included, as their words). */
    String result(String key) {
        return browser.find(css(testId("result-preview"), ".result-field[data-result-field=\"" + key + "\"] pre"))
                .getDomProperty("textContent");
    }

    /** The undecided gaps of a field in the result pane. */
    List<String> gaps(String key) {
        return browser.findAll(css(testId("result-preview"), ".result-field[data-result-field=\"" + key + "\"] .gap")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The comment as typed. */
    String comment() {
        return browser.value(By.id("comment"));
    }

    MergePage comment(String text) {
        browser.type(By.id("comment"), text);
        return this;
    }

    /** "Preview": the page comes back from the server with the result of the choices made, nothing saved. */
    MergePage preview() {
        browser.clickAndWait(css(testId("merge-form"), testId("preview-button")), "merge-page");
        return new MergePage(browser);
    }

    /** Where an element with this hook sits in the window ({@code top}, {@code bottom}) and the window's height. */
    Box box(By by) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) browser.script("var r = arguments[0].getBoundingClientRect();"
                + " return [r.top, r.bottom, window.innerHeight];", browser.find(by));
        return new Box(box.get(0).doubleValue(), box.get(1).doubleValue(), box.get(2).doubleValue());
    }

    /** An element's place in the window, in CSS pixels. */
    record Box(double top, double bottom, double windowHeight) {
        boolean inWindow() {
            return top >= 0 && bottom <= windowHeight && bottom > top;
        }
    }

    /** Scrolls the window to the end of the page, as a user reading on would. */
    void scrollToEnd() {
        browser.script("window.scrollTo(0, document.documentElement.scrollHeight);");
    }

    // ---- one click for the whole record: with JavaScript in place, without it posted

    /** "Keep all of yours" ({@code all-yours}) with JavaScript: every conflict set to yours in place, nothing loaded. */
    MergePage keepAllYours() {
        browser.clickInPlace(css(testId("merge-form"), testId("all-yours")));
        return this;
    }

    /** "Take all of theirs" ({@code all-theirs}) with JavaScript: every conflict set to theirs in place. */
    MergePage takeAllTheirs() {
        browser.clickInPlace(css(testId("merge-form"), testId("all-theirs")));
        return this;
    }

    /** "Accept all suggestions" ({@code accept-suggestions}) with JavaScript: each undecided suggestion taken in place. */
    MergePage acceptSuggestions() {
        browser.clickInPlace(css(testId("merge-form"), testId("accept-suggestions")));
        return this;
    }

    /** "Keep all of yours" without JavaScript: the button posts, and the merge page comes back with the choices made. */
    MergePage keepAllYoursAndReload() {
        return reloadedBy(css(testId("merge-form"), testId("all-yours")));
    }

    /** "Take all of theirs" without JavaScript: posted, the page comes back. */
    MergePage takeAllTheirsAndReload() {
        return reloadedBy(css(testId("merge-form"), testId("all-theirs")));
    }

    /** "Accept all suggestions" without JavaScript: posted, the page comes back with the suggestions chosen. */
    MergePage acceptSuggestionsAndReload() {
        return reloadedBy(css(testId("merge-form"), testId("accept-suggestions")));
    }

    /** Clicks a button that posts the page to be shown again (nothing saved): the merge page comes back. */
    MergePage reloadedBy(By button) {
        browser.script("arguments[0].scrollIntoView({block: 'center'});", browser.find(button));
        browser.clickAndWait(button, "merge-page");
        return new MergePage(browser);
    }

    /** Whether "Accept all suggestions" is offered: on the page and not hidden (it is only while a suggestion is left). */
    boolean offersAcceptSuggestions() {
        return browser.findAll(css(testId("merge-form"), testId("accept-suggestions"))).stream()
                .anyMatch(WebElement::isDisplayed);
    }

    /** The conflicts whose chosen choice is the suggested one, as the Save button counts them ({@code data-count}). */
    int decidedBySuggestion() {
        return Integer.parseInt(browser.attribute(byTestId("decided-by-suggestion"), "data-count"));
    }

    /** The HTTP status the page came with: 409 for a merge page, also when it came back from one of its buttons. */
    int status() {
        return browser.status();
    }

    /** What the merge form would send under {@code name} now (its FormData, as a submit builds it). */
    @SuppressWarnings("unchecked")
    List<String> sent(String name) {
        return (List<String>) browser.script("return new FormData(arguments[0]).getAll(arguments[1]);",
                browser.find(css(testId("merge-form"))), name);
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
