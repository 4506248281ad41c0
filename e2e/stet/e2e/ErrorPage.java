package stet.e2e;

import static stet.e2e.Hooks.byTestId;

/** An error page ({@code error-page}, whose {@code data-status} is the HTTP status). */
final class ErrorPage extends Page {

    ErrorPage(Browser browser) {
        super(browser, "error-page");
    }

    int status() {
        return Integer.parseInt(browser.attribute(byTestId("error-page"), "data-status"));
    }

    String message() {
        return browser.text(byTestId("error-message"));
    }
}
