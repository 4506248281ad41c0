package stet.e2e;

import org.openqa.selenium.WebElement;

/**
 * A time as the history pages show it: a {@code <time>} element with the instant in
 * {@code datetime}, "3 minutes ago" as its text and the exact time as its title (in the
 * viewer's time zone where JavaScript runs, else in UTC).
 *
 * @param datetime the {@code datetime} attribute, e.g. "2026-11-26T03:49:34Z"
 * @param text what it reads, e.g. "3 minutes ago"
 * @param title the exact time, e.g. "2026-11-26 12:49 UTC+9"
 */
record When(String datetime, String text, String title) {

    static When of(WebElement time) {
        return new When(time.getDomAttribute("datetime"), time.getText(), time.getDomAttribute("title"));
    }
}
