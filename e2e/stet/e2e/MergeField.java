package stet.e2e;

import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * One field's row on the merge page ({@code merge-field} with {@code data-field}): its
 * outcome, the three panes of a conflict, and for a longtext conflict its hunks, each
 * decided with a {@code hunk-choice} radio.
 */
final class MergeField {

    /** The three panes of a conflicting field. */
    enum Pane {
        ORIGINAL("pane-original"),
        THEIRS("pane-theirs"),
        YOURS("pane-yours");

        final String testId;

        Pane(String testId) {
            this.testId = testId;
        }
    }

    /** How a hunk is decided: the {@code data-choice} of its radio. */
    enum Choice {
        KEEP_MINE("yours"),
        KEEP_THEIRS("theirs"),
        BOTH_MINE_FIRST("yours_theirs"),
        BOTH_THEIRS_FIRST("theirs_yours"),
        WORD_MERGE("words"),
        /** An earlier resolution of the same conflict, offered when it differs from every other choice. */
        REMEMBERED("remembered");

        final String value;

        Choice(String value) {
            this.value = value;
        }
    }

    private final Browser browser;
    private final String key;
    private final String row;

    MergeField(Browser browser, String key) {
        this.browser = browser;
        this.key = key;
        this.row = testId("merge-field", "data-field", key);
        browser.find(css(row));
    }

    String outcome() {
        return browser.attribute(css(row), "data-outcome");
    }

    /** The pane as shown: a heading (who, which version), then the text, line by line. */
    String pane(Pane pane) {
        return browser.text(css(row, testId(pane.testId)));
    }

    /** The pieces of a pane marked ({@code kind}: {@code added} or {@code removed}) as differing from the original. */
    List<String> marked(Pane pane, String kind) {
        return browser.findAll(css(row, testId(pane.testId), "span." + kind)).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The numbers of the conflicting hunks, in order. */
    List<Integer> hunks() {
        return browser.findAll(css(row, testId("hunk"))).stream()
                .map(h -> Integer.parseInt(h.getDomAttribute("data-hunk")))
                .toList();
    }

    String hunkYours(int hunk) {
        return browser.text(css(row, hunk(hunk), testId("hunk-yours")));
    }

    String hunkTheirs(int hunk) {
        return browser.text(css(row, hunk(hunk), testId("hunk-theirs")));
    }

    /** The word-by-word merge a hunk suggests ({@code hunk-words}), if it has one. */
    Optional<String> wordSuggestion(int hunk) {
        return browser.findAll(css(row, hunk(hunk), testId("hunk-words"))).stream().map(WebElement::getText).findFirst();
    }

    /** The choice selected for a hunk, if any. */
    Optional<Choice> chosen(int hunk) {
        return browser.findAll(css(row, hunk(hunk), testId("hunk-choice"))).stream()
                .filter(WebElement::isSelected)
                .map(radio -> radio.getDomAttribute("data-choice"))
                .map(MergeField::choiceOf)
                .findFirst();
    }

    /**
     * The choice marked "suggested" for a hunk ({@code suggested}, on the choice's label) and
     * why ({@code data-reason}: {@code words}, {@code both-inserted} or {@code remembered}).
     */
    record Suggested(Choice choice, String reason) {}

    Optional<Suggested> suggested(int hunk) {
        List<WebElement> labels = browser.findAll(css(row, hunk(hunk), testId("suggested")));
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        if (labels.size() > 1) {
            throw new AssertionError("hunk " + hunk + " of " + key + " has " + labels.size() + " suggested choices");
        }
        WebElement label = labels.get(0);
        String value = label.findElement(By.cssSelector(testId("hunk-choice"))).getDomAttribute("data-choice");
        return Optional.of(new Suggested(choiceOf(value), label.getDomAttribute("data-reason")));
    }

    /** The note under a hunk that says why its suggestion is made ({@code suggestion-note}), if it has one. */
    Optional<String> suggestionNote(int hunk) {
        return browser.findAll(css(row, hunk(hunk), testId("suggestion-note"))).stream().map(WebElement::getText)
                .findFirst();
    }

    /** "Keep all of yours" for this field ({@code all-yours-KEY}) with JavaScript: set in place, nothing loaded. */
    MergeField keepAllYours() {
        browser.clickInPlace(css(row, testId("all-yours-" + key)));
        return this;
    }

    /** "Take all of theirs" for this field ({@code all-theirs-KEY}) with JavaScript: set in place. */
    MergeField takeAllTheirs() {
        browser.clickInPlace(css(row, testId("all-theirs-" + key)));
        return this;
    }

    /** "Keep all of yours" for this field without JavaScript: posted, the merge page comes back with it chosen. */
    MergePage keepAllYoursAndReload() {
        return new MergePage(browser).reloadedBy(css(row, testId("all-yours-" + key)));
    }

    /** "Take all of theirs" for this field without JavaScript: posted, the merge page comes back. */
    MergePage takeAllTheirsAndReload() {
        return new MergePage(browser).reloadedBy(css(row, testId("all-theirs-" + key)));
    }

    /** The message that says what this field still needs ({@code error-KEY}), if any. */
    Optional<String> error() {
        return browser.findAll(css(row, testId("error-" + key))).stream().map(WebElement::getText).findFirst();
    }

    MergeField choose(int hunk, Choice choice) {
        By radio = choice(hunk, choice);
        click(radio);
        if (!browser.find(radio).isSelected()) {
            throw new AssertionError("the choice " + choice + " of hunk " + hunk + " did not get selected");
        }
        return this;
    }

    /** Decides a scalar conflict (a one-line field): keep my value. */
    MergeField keepYours() {
        click(css(row, testId("choice-yours")));
        return this;
    }

    /** Decides a scalar conflict: keep their value. */
    MergeField keepTheirs() {
        click(css(row, testId("choice-theirs")));
        return this;
    }

    /** Decides a scalar conflict with a value of one's own, typed into its box (which starts empty). */
    MergeField typeValue(String value) {
        By box = css(row, testId("field-" + key), "[name=\"" + key + "\"]");
        browser.script("arguments[0].scrollIntoView({block: 'center'});", browser.find(box));
        browser.type(box, value);
        click(css(row, testId("choice-typed")));
        return this;
    }

    /** The scalar choice selected ({@code yours}, {@code theirs}, {@code typed}), if any. */
    Optional<String> scalarChoice() {
        return browser.findAll(css(row, testId("scalar-choices"), "input[type=radio]")).stream()
                .filter(WebElement::isSelected)
                .map(radio -> radio.getDomAttribute("value"))
                .findFirst();
    }

    /** The typed value box of a scalar conflict, as it holds now. */
    String typedValue() {
        return browser.value(css(row, testId("field-" + key), "[name=\"" + key + "\"]"));
    }

    /**
     * Opens "Edit the result freely" and types {@code text} over the free-edit text: the page
     * then takes the field "with the text I edit".
     */
    MergeField editFreely(String text) {
        browser.click(css(row, "details.free-edit > summary"));
        // Selected and typed over, as a person does (clearing it first would be a change the page answers).
        browser.find(css(row, testId("result-text"))).sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
        return this;
    }

    /** The free-edit text ({@code result-text}), as it holds now. */
    String freeText() {
        return browser.value(css(row, testId("result-text")));
    }

    /** The pane's heading: "Original", "Theirs (Bob)", "Yours", or an undo's names. */
    String paneHeading(Pane pane) {
        return browser.text(css(row, testId(pane.testId), "h3"));
    }

    /** The radio that decides hunk {@code number} with {@code choice}. */
    By choice(int number, Choice choice) {
        return css(row, hunk(number), testId("hunk-choice", "data-choice", choice.value));
    }

    /**
     * Clicks as a user would, after scrolling the element to the middle of the window:
     * the page's sticky bar covers the window's bottom edge, where Selenium would
     * otherwise leave an element it scrolled to.
     */
    private void click(By by) {
        browser.script("arguments[0].scrollIntoView({block: 'center'});", browser.find(by));
        browser.click(by);
    }

    private static Choice choiceOf(String value) {
        return Arrays.stream(Choice.values()).filter(c -> c.value.equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("unknown data-choice " + value));
    }

    private static String hunk(int number) {
        return testId("hunk", "data-hunk", Integer.toString(number));
    }
}
