package stet.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's tab on a running stet: where page objects find elements, type, click and
 * wait. Elements are looked up when they are used, never kept, so a page object
 * cannot hold an element of a page that has gone. Every page change is waited for
 * explicitly: a new document replacing the old one, then the new page's hook.
 */
final class Browser {

    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);

    /** Generous for a loaded 2-core machine; a passing step takes well under a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The script property that marks a document the browser is about to leave. */
    private static final String LEAVING = "stetE2eLeaving";

    private final Driver driver;
    private final String window;
    private final String baseUrl;
    private final String name;
    /** The kinds of page already checked with axe in this test class (shared by its browsers). */
    private final Set<String> checkedPages;

    Browser(Driver driver, String window, String baseUrl, String name, Set<String> checkedPages) {
        this.driver = driver;
        this.window = window;
        this.baseUrl = baseUrl;
        this.name = name;
        this.checkedPages = checkedPages;
    }

    /** A second tab of the same browser: same cookies, so the same user. */
    Browser newTab() {
        return new Browser(driver, driver.newTab(), baseUrl, name + "-tab" + driver.web().getWindowHandles().size(),
                checkedPages);
    }

    /**
     * Closes this tab, as the user does with its close button: its page's {@code pagehide}
     * handlers run. The browser must have another tab open (see {@link #newTab}); this
     * view must not be used afterwards.
     */
    void closeTab() {
        if (driver.web().getWindowHandles().size() < 2) {
            throw new IllegalStateException("[" + name + "] the last tab would end the browser; open a new tab first");
        }
        driver.close(window);
        LOG.debug("[{}] tab closed", name);
    }

    // ---- pages a test starts from

    LoginPage loginPage() {
        visit("/login");
        return new LoginPage(this);
    }

    RecordForm newRecord(String collection) {
        visit("/collections/" + collection + "/new");
        return new RecordForm(this);
    }

    RecordListPage records(String collection) {
        visit("/collections/" + collection);
        return new RecordListPage(this);
    }

    RecordPage record(long id) {
        visit("/records/" + id);
        return new RecordPage(this);
    }

    RecordForm edit(long id) {
        visit("/records/" + id + "/edit");
        return new RecordForm(this);
    }

    HistoryPage history(long id) {
        visit("/records/" + id + "/history");
        return new HistoryPage(this);
    }

    ComparePage compare(long id, int from, int to) {
        visit("/records/" + id + "/compare?from=" + from + "&to=" + to);
        return new ComparePage(this);
    }

    RevisionPage revision(long id, int version) {
        visit("/records/" + id + "/revisions/" + version);
        return new RevisionPage(this);
    }

    /** An admin's form for a new collection. */
    CollectionEditor newCollection() {
        visit("/admin/collections/new");
        return new CollectionEditor(this);
    }

    /** Opens a page that needs a login while logged out: stet sends the browser to the log-in form. */
    LoginPage loginRequiredFor(String path) {
        visit(path);
        return new LoginPage(this);
    }

    /** Opens a path that should answer with an error page, and returns it. */
    ErrorPage error(String path) {
        visit(path);
        return new ErrorPage(this);
    }

    /** Opens a path without saying what it shows; the caller builds the page it expects. */
    void visit(String path) {
        long start = System.nanoTime();
        web().get(baseUrl + path);
        LOG.debug("[{}] GET {} in {} ms", name, path, (System.nanoTime() - start) / 1_000_000);
    }

    String path() {
        return web().getCurrentUrl().substring(baseUrl.length());
    }

    // ---- finding

    WebDriver web() {
        return driver.in(window);
    }

    WebElement find(By by) {
        try {
            return web().findElement(by);
        } catch (NoSuchElementException e) {
            throw new AssertionError("[" + name + "] no element " + by + " on " + describePage(), e);
        }
    }

    List<WebElement> findAll(By by) {
        return web().findElements(by);
    }

    boolean has(By by) {
        return !findAll(by).isEmpty();
    }

    String text(By by) {
        return find(by).getText();
    }

    String attribute(By by, String attribute) {
        return find(by).getDomAttribute(attribute);
    }

    // ---- acting

    /** Replaces the value of a text input or textarea, or picks an option of a select, as a user would. */
    void type(By field, String value) {
        WebElement element = find(field);
        if (element.getTagName().equalsIgnoreCase("select")) {
            new Select(element).selectByValue(value);
            return;
        }
        element.clear();
        element.sendKeys(value);
    }

    /** The current value of an input or textarea, exactly (getText would collapse whitespace). */
    String value(By field) {
        return find(field).getDomProperty("value");
    }

    void click(By by) {
        find(by).click();
    }

    /**
     * Clicks something that loads a new page (a link or a submit button) and waits until
     * a new document has replaced the old one and shows one of {@code expectedTestIds}.
     * The old document is marked with a script property before the click: the new one
     * is the first complete document without it. (Waiting for an old element to go stale
     * is not enough: chromedriver sometimes answers an unknown error instead of "stale".)
     */
    void clickAndWait(By by, String... expectedTestIds) {
        long start = System.nanoTime();
        script("document." + LEAVING + " = true;");
        find(by).click();
        wait(TIMEOUT).ignoring(WebDriverException.class)
                .withMessage(() -> "[" + name + "] no new page after clicking " + by + "; still at " + describePage())
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return document." + LEAVING + " !== true && document.readyState === 'complete';")));
        awaitPage(expectedTestIds);
        LOG.debug("[{}] {} -> {} in {} ms", name, by, path(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Waits for a page with one of the hooks {@code testIds} (a page object's root). An
     * error page instead fails at once with its status and message, so a test never
     * waits out the timeout for it.
     */
    String awaitPage(String... testIds) {
        List<String> wanted = List.of(testIds);
        By any = By.cssSelector(String.join(", ", wanted.stream().map(Hooks::testId).toList()) + ", "
                + Hooks.testId("error-page"));
        WebElement shown = wait(TIMEOUT)
                .withMessage(() -> "[" + name + "] expected a page with " + wanted + ", got " + describePage())
                .until(d -> d.findElements(any).stream().findFirst().orElse(null));
        String hook = shown.getDomAttribute("data-testid");
        if (!wanted.contains(hook)) {
            throw new AssertionError("[" + name + "] expected a page with " + wanted + ", got " + describePage());
        }
        return hook;
    }

    /**
     * Clicks a button the page's script handles in place (with JavaScript, the merge page's
     * "all yours", "all theirs" and "Accept all suggestions"): the element is scrolled to the
     * middle of the window first (a sticky bar covers its bottom edge), and the click must
     * leave the same document shown, no page loaded. The script's handler runs during the
     * click, so what it changed is there when this returns.
     */
    void clickInPlace(By by) {
        script("arguments[0].scrollIntoView({block: 'center'});", find(by));
        markDocument();
        find(by).click();
        if (!showsMarkedDocument()) {
            throw new AssertionError("[" + name + "] clicking " + by + " loaded a page; expected it to act in place, now at "
                    + describePage());
        }
    }

    /**
     * The HTTP status of the document shown, as the browser received it (Navigation Timing's
     * {@code responseStatus}; WebDriver runs this even where the page's own scripts are off).
     */
    int status() {
        Object status = script("var n = performance.getEntriesByType('navigation')[0];"
                + " return n ? n.responseStatus : null;");
        if (status == null) {
            throw new AssertionError("[" + name + "] the browser gives no status for " + describePage());
        }
        return ((Number) status).intValue();
    }

    /**
     * Marks the document shown, so that {@link #showsMarkedDocument} tells a page that
     * changed in place (by its script) from one loaded again.
     */
    void markDocument() {
        script("document.stetE2eMarked = true;");
    }

    /** Whether the document marked by {@link #markDocument} is still the one shown: no page was loaded since. */
    boolean showsMarkedDocument() {
        return Boolean.TRUE.equals(script("return document.stetE2eMarked === true;"));
    }

    /** Whether this is Chromium, which lays pages out (HtmlUnit, the fallback, does not). */
    boolean isChromium() {
        return driver.takesScreenshots();
    }

    /** Makes the page's viewport {@code width} × {@code height} CSS pixels, as a phone's (Chromium only). */
    void viewport(int width, int height) {
        ((ChromiumDriver) web()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * Checks the page shown with axe-core ({@link Axe}) and fails on a serious or critical
     * violation. Each kind of page ({@code page}, its root hook) is checked once per test
     * class, the first time it is shown (an axe run takes a second or more on these
     * machines): every kind of page the suite visits is checked, and {@link AccessibilityIT}
     * visits every kind in every state. HtmlUnit, which lays nothing out, is not checked;
     * nor is a browser with JavaScript off, where axe's script cannot run (it would time
     * out): the page is left for the next browser with JavaScript to check.
     */
    void checkAccessibility(String page) {
        if (!isChromium() || !driver.runsJavaScript() || !checkedPages.add(page)) {
            return;
        }
        List<String> violations = Axe.seriousViolations(web());
        if (!violations.isEmpty()) {
            throw new AssertionError("[" + name + "] axe found " + violations.size()
                    + " serious or critical accessibility violation(s) on " + describePage() + ":\n  "
                    + String.join("\n  ", violations));
        }
    }

    /**
     * Runs a script in the page, for what no user can do with the mouse: tampering with
     * hidden form fields, as a forged or replayed request would.
     */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) web()).executeScript(script, args);
    }

    FluentWait<WebDriver> wait(Duration timeout) {
        return new FluentWait<>(web()).withTimeout(timeout).pollingEvery(POLL).ignoring(NoSuchElementException.class);
    }

    /** For failure messages: where the tab is and what it shows. */
    String describePage() {
        WebDriver web = web();
        String what = web.getTitle();
        List<WebElement> error = web.findElements(byTestId("error-page"));
        if (!error.isEmpty()) {
            what = "error page " + error.get(0).getDomAttribute("data-status") + ": "
                    + web.findElements(byTestId("error-message")).stream().map(WebElement::getText).findFirst()
                            .orElse("");
        }
        return web.getCurrentUrl() + " (" + what + ")";
    }

    private static By byTestId(String id) {
        return Hooks.byTestId(id);
    }
}
