package stet.e2e;

import static stet.e2e.Hooks.byTestId;

import org.openqa.selenium.By;

/** The log-in form ({@code login-form}); its inputs are {@code username} and {@code password}. */
final class LoginPage extends Page {

    LoginPage(Browser browser) {
        super(browser, "login-form");
    }

    /** Logs in and lands on the collections, where a plain visit to /login leads. */
    CollectionsPage logInAs(User user) {
        submit(user.username(), user.password(), "collection-list");
        return new CollectionsPage(browser);
    }

    /** Logs in from a redirect to the log-in page and lands where the user was going: a record. */
    RecordPage logInAndReturnToRecord(User user) {
        submit(user.username(), user.password(), "record-page");
        return new RecordPage(browser);
    }

    /** Logs in after a form was posted on an ended session: stet offers to send it on. */
    ResubmitPage logInToResubmit(User user) {
        submit(user.username(), user.password(), "resubmit-page");
        return new ResubmitPage(browser);
    }

    /** Logs in with a wrong password: the form comes back with an error. */
    LoginPage logInWithWrongPassword(User user) {
        submit(user.username(), user.password() + "-wrong", "login-error");
        return new LoginPage(browser);
    }

    String error() {
        return browser.text(byTestId("login-error"));
    }

    private void submit(String username, String password, String expected) {
        browser.type(By.id("username"), username);
        browser.type(By.id("password"), password);
        browser.clickAndWait(byTestId("login-button"), expected);
    }
}
