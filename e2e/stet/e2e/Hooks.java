package stet.e2e;

import org.openqa.selenium.By;

/**
 * The only way the suite finds elements: the {@code data-testid} hooks and the input
 * names and ids of docs/stable-surface.md. Selectors are CSS built from these parts.
 */
final class Hooks {

    private Hooks() {}

    /** {@code [data-testid="id"]}. */
    static String testId(String id) {
        return "[data-testid=\"" + id + "\"]";
    }

    /** {@code [data-testid="id"][attribute="value"]}, e.g. a merge row by its field. */
    static String testId(String id, String attribute, String value) {
        return testId(id) + "[" + attribute + "=\"" + value + "\"]";
    }

    /** A descendant selector: each part within the one before it. */
    static By css(String... parts) {
        return By.cssSelector(String.join(" ", parts));
    }

    static By byTestId(String id) {
        return By.cssSelector(testId(id));
    }

    /** A form input by its documented name, within a form or row. */
    static String named(String name) {
        return "[name=\"" + name + "\"]";
    }
}
