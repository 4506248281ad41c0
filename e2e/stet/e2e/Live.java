package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * What a record's page and edit form show live (static/live.js, over {@code GET
 * /records/{id}/events}): who else is here ({@code presence}), notices of what others did
 * ({@code live-notices}), who holds the edit lease ({@code lease-notice} on the form,
 * {@code lease-marker-{id}} on the record page). It changes without a page load, so each
 * method here waits for the state it names and fails with what the page showed instead.
 */
final class Live {

    private final Browser browser;
    private final long recordId;

    Live(Browser browser, long recordId) {
        this.browser = browser;
        this.recordId = recordId;
    }

    /** Waits until {@code presence} reads exactly {@code expected}, e.g. "Also here: Bob (editing)". */
    Live awaitPresence(String expected) {
        await(Browser.TIMEOUT, "presence to read '" + expected + "'", () -> expected.equals(shownText(byTestId("presence"))));
        return this;
    }

    /** Waits for the notice that someone saved {@code version} (its {@code data-version}), and returns its text. */
    String awaitSaved(int version) {
        By notice = css(testId("live-notices"), testId("live-notice", "data-version", String.valueOf(version)));
        await(Browser.TIMEOUT, "a notice of version " + version, () -> browser.has(notice));
        return browser.text(notice);
    }

    /** Waits for a notice of the kind {@code testId} (e.g. {@code lease-broken}, {@code lease-free}) and returns its text. */
    String awaitNotice(String testId) {
        return awaitNotice(testId, Browser.TIMEOUT);
    }

    /** Waits, at most {@code within}, for a notice of the kind {@code testId}, and returns its text. */
    String awaitNotice(String testId, Duration within) {
        By notice = css(testId("live-notices"), testId(testId));
        await(within, "the notice " + testId, () -> browser.has(notice));
        return browser.text(notice);
    }

    /** Waits until the edit form's lease notice names {@code holder} (its {@code data-holder}); returns its text. */
    String awaitLeaseHolder(String holder) {
        await(Browser.TIMEOUT, "a lease notice naming " + holder, () -> holder.equals(leaseHolder()));
        return browser.text(byTestId("lease-notice"));
    }

    /** Waits, at most {@code within}, until the edit form shows no lease notice. */
    Live awaitNoLeaseNotice(Duration within) {
        await(within, "no lease notice", () -> leaseHolder() == null);
        return this;
    }

    /** Who the lease notice names, or null when there is none. */
    String leaseHolder() {
        List<WebElement> notices = browser.findAll(byTestId("lease-notice"));
        return notices.isEmpty() ? null : notices.get(0).getDomAttribute("data-holder");
    }

    /** Waits until the record page's marker reads {@code expected}, e.g. "being edited by Alice". */
    Live awaitMarker(String expected) {
        await(Browser.TIMEOUT, "the marker '" + expected + "'", () -> expected.equals(shownText(marker())));
        return this;
    }

    /** Waits, at most {@code within}, until the record page has no lease marker. */
    Live awaitNoMarker(Duration within) {
        await(within, "no lease marker", () -> !browser.has(marker()));
        return this;
    }

    private By marker() {
        return byTestId("lease-marker-" + recordId);
    }

    /** The element's text when it is there and shown; else null. */
    private String shownText(By by) {
        List<WebElement> found = browser.findAll(by);
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0).getText();
    }

    private void await(Duration within, String what, java.util.function.BooleanSupplier condition) {
        browser.wait(within)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waited " + within.toMillis() + " ms for " + what + " on " + browser.describePage()
                        + "; " + shown())
                .until(d -> condition.getAsBoolean());
    }

    /** For failure messages: what the live parts show now. */
    private String shown() {
        try {
            return "presence: " + browser.findAll(byTestId("presence")).stream().map(WebElement::getText).toList()
                    + ", lease notice: " + leaseHolder()
                    + ", marker: " + browser.findAll(marker()).stream().map(WebElement::getText).toList()
                    + ", notices: " + browser.findAll(css(testId("live-notices"), "p")).stream()
                            .map(WebElement::getText).toList();
        } catch (RuntimeException e) {
            return "(the live parts changed while read: " + e.getClass().getSimpleName() + ")";
        }
    }
}
