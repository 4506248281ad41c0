package stet.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browsers of one test: it opens them (at most {@value #MAX_OPEN}: the machines
 * have two cores, shared), saves what they show when the test fails, and quits them
 * all when it ends. A test gets it as a parameter from {@link StetExtension}.
 */
final class Browsers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Browsers.class);

    static final int MAX_OPEN = 2;

    private final String baseUrl;
    private final Set<String> checkedPages;
    private final List<Driver> drivers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /** {@code checkedPages}: the kinds of page already checked for accessibility in this test class. */
    Browsers(String baseUrl, Set<String> checkedPages) {
        this.baseUrl = baseUrl;
        this.checkedPages = checkedPages;
    }

    /** A new browser, not logged in; {@code name} labels it in logs and failure files. */
    Browser open(String name) {
        return open(name, true);
    }

    /** A new browser with JavaScript off, not logged in. */
    Browser openWithoutJavaScript(String name) {
        return open(name, false);
    }

    private Browser open(String name, boolean javaScript) {
        if (drivers.size() >= MAX_OPEN) {
            throw new IllegalStateException("a test opens at most " + MAX_OPEN + " browsers; open tabs instead");
        }
        long start = System.nanoTime();
        Driver driver = Driver.start(javaScript);
        LOG.debug("[{}] {} started in {} ms", name, driver.kind(), (System.nanoTime() - start) / 1_000_000);
        drivers.add(driver);
        names.add(name);
        return new Browser(driver, driver.window(), baseUrl, name, checkedPages);
    }

    /** A new browser in which {@code user} has logged in through the log-in form. */
    Browser logIn(User user) {
        Browser browser = open(user.username());
        browser.loginPage().logInAs(user);
        return browser;
    }

    /** A new browser with JavaScript off, in which {@code user} has logged in. */
    Browser logInWithoutJavaScript(User user) {
        Browser browser = openWithoutJavaScript(user.username() + "-nojs");
        browser.loginPage().logInAs(user);
        return browser;
    }

    int count() {
        return drivers.size();
    }

    /** What ran: "Chromium 156.0.…" or "HtmlUnit", once each. */
    Set<String> kinds() {
        Set<String> kinds = new LinkedHashSet<>();
        drivers.forEach(d -> kinds.add(d.kind()));
        return kinds;
    }

    /**
     * Saves a screenshot (where the browser can take one) and the page source of every
     * tab of every browser into {@code dir}, as {@code prefix-name-tabN.png/.html}; returns
     * a line per tab naming its URL and files. Never throws: evidence is best effort.
     */
    List<String> saveEvidence(Path dir, String prefix) {
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < drivers.size(); i++) {
            Driver driver = drivers.get(i);
            String name = names.get(i);
            try {
                Files.createDirectories(dir);
                WebDriver web = driver.web();
                String current = driver.window();
                int tab = 1;
                for (String window : web.getWindowHandles()) {
                    WebDriver in = driver.in(window);
                    String base = prefix + "-" + name + (tab > 1 ? "-tab" + tab : "");
                    Path html = dir.resolve(base + ".html");
                    Files.writeString(html, in.getPageSource(), StandardCharsets.UTF_8);
                    String files = html.toString();
                    if (driver.takesScreenshots()) {
                        Path png = dir.resolve(base + ".png");
                        Files.write(png, ((TakesScreenshot) in).getScreenshotAs(OutputType.BYTES));
                        files = png + ", " + files;
                    } else {
                        files += " (no screenshot: " + driver.kind() + ")";
                    }
                    saved.add(name + (tab > 1 ? " tab " + tab : "") + " at " + in.getCurrentUrl() + ": " + files);
                    tab++;
                }
                driver.in(current);
            } catch (IOException | RuntimeException e) {
                saved.add(name + ": could not save evidence: " + e);
            }
        }
        return saved;
    }

    /** Quits every browser, even when quitting one of them fails, so none is left running. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Driver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        drivers.clear();
        names.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
