package stet.e2e;

import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.named;
import static stet.e2e.Hooks.testId;

import org.openqa.selenium.By;

/**
 * The new-record and edit form ({@code record-form}): each field's input has the id
 * {@code f-{key}}. Saving leads to one of several pages, so each outcome has its own
 * method, which fails clearly when stet shows another page.
 */
final class RecordForm extends Page {

    private static final String FORM = testId("record-form");
    private static final By FIELDS = css(FORM, testId("record-fields"));

    RecordForm(Browser browser) {
        super(browser, "record-form");
    }

    RecordForm set(String key, String value) {
        browser.type(input(key), value);
        return this;
    }

    /**
     * Fills a field with {@code line} repeated {@code times}, in the page's script (typed
     * key by key, hundreds of thousands of characters would take minutes).
     */
    RecordForm fill(String key, String line, int times) {
        browser.script("arguments[0].value = arguments[1].repeat(arguments[2]);", browser.find(input(key)), line, times);
        return this;
    }

    /** How many characters a field holds (code points, as stet counts them). */
    long length(String key) {
        return ((Number) browser.script("return Array.from(arguments[0].value).length;", browser.find(input(key))))
                .longValue();
    }

    /**
     * Saves a form larger than a request may be: the page's script sends nothing and says
     * so at the top of the form ({@code form-too-large}); returns what it says.
     */
    String saveAndExpectTooLarge() {
        browser.clickInPlace(css(FORM, testId("save-button")));
        return browser.text(css(FORM, testId("form-too-large")));
    }

    /** A field's value exactly as the form holds it (for a longtext, every line and the final newline). */
    String value(String key) {
        return browser.value(input(key));
    }

    RecordForm comment(String text) {
        browser.type(css(FORM, named("comment")), text);
        return this;
    }

    /** Saves (or creates); the save went through, perhaps merged automatically. */
    RecordPage save() {
        submit("record-page");
        return new RecordPage(browser);
    }

    /** Saves after someone else saved a conflicting change: stet shows the merge page. */
    MergePage saveAndExpectMerge() {
        submit("merge-page");
        return new MergePage(browser);
    }

    /** Saves after someone deleted the record: stet offers to restore it. */
    DeletedPage saveAndExpectDeleted() {
        submit("deleted-page");
        return new DeletedPage(browser);
    }

    /** Saves values stet refuses (422): the form comes back with its error summary. */
    RecordForm saveAndExpectErrors() {
        submit("form-errors");
        return new RecordForm(browser);
    }

    /** What the edit form shows live: who else is here, others' saves, the lease (see {@link Live}). */
    Live live() {
        return new Live(browser, Long.parseLong(browser.attribute(css(FORM), "data-live-record")));
    }

    /**
     * Whether the inputs are closed to typing: the fieldset holding them is disabled, as
     * while someone else holds the lease of a record in an exclusive collection.
     */
    boolean isReadOnly() {
        // WebDriver's isEnabled answers true for any fieldset: its DOM property is what disables the inputs.
        return Boolean.parseBoolean(browser.find(FIELDS).getDomProperty("disabled"));
    }

    /** Waits until the fieldset is open to typing again (the page's script opens it when the lease is free). */
    RecordForm awaitEditable() {
        browser.wait(Browser.TIMEOUT).withMessage(() -> "the form stayed read-only on " + browser.describePage())
                .until(d -> !isReadOnly());
        return this;
    }

    /** Whether the lease notice offers the button with the hook {@code testId}, shown. */
    boolean offers(String testId) {
        return browser.findAll(css(testId("lease-notice"), testId(testId))).stream().anyMatch(e -> e.isDisplayed());
    }

    /** Asks to be told when the lease holder is done; returns what the button says then. */
    String notifyWhenDone() {
        By button = css(testId("lease-notice"), testId("notify-when-done"));
        browser.click(button);
        return browser.text(button);
    }

    /** An admin breaks the lease someone else holds: stet shows the form again, the lease now the admin's. */
    RecordForm breakLease() {
        browser.clickAndWait(css(testId("lease-notice"), testId("break-lease")), "record-form");
        return new RecordForm(browser);
    }

    /** The id of the element that has the keyboard focus. */
    String focusedId() {
        return String.valueOf(browser.script("return document.activeElement.id;"));
    }

    /** The error summary's links: the field each is for, and its text. */
    java.util.Map<String, String> errorSummary() {
        java.util.Map<String, String> links = new java.util.LinkedHashMap<>();
        browser.findAll(css(testId("form-errors"), testId("error-summary-link")))
                .forEach(a -> links.put(a.getDomAttribute("data-field"), a.getText()));
        return links;
    }

    /** Follows the summary's link to a field's input. */
    RecordForm followErrorLink(String key) {
        browser.click(css(testId("form-errors"), testId("error-summary-link") + "[data-field=\"" + key + "\"]"));
        return this;
    }

    /** What a screen reader reads with the input: the texts of the elements its aria-describedby names. */
    String description(String key) {
        return String.valueOf(browser.script("var ids = (arguments[0].getAttribute('aria-describedby') || '').split(' ');"
                + " return ids.filter(function (i) { return i; }).map(function (i) {"
                + " return document.getElementById(i).textContent.trim(); }).join(' | ');", browser.find(input(key))));
    }

    boolean isMarkedInvalid(String key) {
        return "true".equals(browser.find(input(key)).getDomAttribute("aria-invalid"));
    }

    /** Saves a form stet must refuse. */
    ErrorPage saveAndExpectError() {
        submit("error-page");
        return new ErrorPage(browser);
    }

    /** Takes the CSRF token out of the form, as a request replayed from elsewhere would lack it. */
    RecordForm withoutCsrfToken() {
        browser.script("arguments[0].remove();", browser.find(css(FORM, named("_csrf"))));
        return this;
    }

    /** Replaces the signed version token with a made-up one. */
    RecordForm withForgedVersionToken() {
        String token = browser.find(css(FORM, named("version_token"))).getDomProperty("value");
        String forged = (token.startsWith("A") ? "B" : "A") + token.substring(1);
        browser.script("arguments[0].value = arguments[1];", browser.find(css(FORM, named("version_token"))), forged);
        return this;
    }

    private void submit(String expected) {
        browser.clickAndWait(css(FORM, testId("save-button")), expected);
    }

    private static By input(String key) {
        return By.id("f-" + key);
    }
}
