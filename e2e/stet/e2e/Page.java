package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.util.Arrays;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What every page of stet has: the header with the logged-in user and the log-out
 * button, and the flash message the previous action left. A page object waits for
 * its root hook when it is made, so holding one means the page is shown; the first page
 * of each kind a browser shows is checked for accessibility then (axe-core, {@link Axe}).
 */
abstract class Page {

    /** The flash message: its text (without the link), its kind and the link's target, if any. */
    record Flash(String text, String kind, String link) {}

    final Browser browser;

    Page(Browser browser, String... rootTestIds) {
        this.browser = browser;
        browser.checkAccessibility(browser.awaitPage(rootTestIds));
    }

    Optional<Flash> flash() {
        if (!browser.has(byTestId("flash"))) {
            return Optional.empty();
        }
        WebElement flash = browser.find(byTestId("flash"));
        String text = flash.getText();
        String link = null;
        By linkHook = css(testId("flash"), testId("flash-link"));
        if (browser.has(linkHook)) {
            WebElement a = browser.find(linkHook);
            link = a.getDomAttribute("href");
            text = text.substring(0, text.length() - a.getText().length()).strip();
        }
        By actionHook = css(testId("flash"), testId("flash-action"), "button");
        if (browser.has(actionHook)) {
            String label = browser.find(actionHook).getText();
            text = text.substring(0, text.length() - label.length()).strip();
        }
        String kind = Arrays.stream(flash.getDomAttribute("class").split("\\s+"))
                .filter(c -> c.equals("success") || c.equals("info") || c.equals("warning"))
                .findFirst()
                .orElse("");
        return Optional.of(new Flash(text, kind, link));
    }

    /** Follows the flash message's link: after an automatic merge, the comparison of the changes. */
    ComparePage followFlashLink() {
        browser.clickAndWait(css(testId("flash"), testId("flash-link")), "compare-page");
        return new ComparePage(browser);
    }

    /** Undoes the delete the flash reports (its "Undo" button): the record is back. */
    RecordPage undoFromFlash() {
        browser.clickAndWait(css(testId("flash"), testId("undo-delete")), "record-page");
        return new RecordPage(browser);
    }

    /** The header's "Alice (editor)"; empty when nobody is logged in. */
    Optional<String> currentUser() {
        return browser.findAll(byTestId("current-user")).stream().map(WebElement::getText).findFirst();
    }

    LoginPage logOut() {
        browser.clickAndWait(byTestId("logout-button"), "login-form");
        return new LoginPage(browser);
    }

    /**
     * Whether an element with this hook is on the page. The markup tests type elements
     * carrying a made-up hook: if the page rendered them as HTML, they would be found.
     */
    boolean hasHook(String testId) {
        return browser.has(byTestId(testId));
    }

    String path() {
        return browser.path();
    }
}
