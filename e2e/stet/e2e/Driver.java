package stet.e2e;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.htmlunit.BrowserVersion;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started browser: headless Chromium when it is installed, otherwise HtmlUnit with
 * JavaScript on, which is logged. With {@code CI=true} a missing Chromium is an error,
 * never a fallback. Chromium and chromedriver are given by path
 * ({@code -Dstet.e2e.chromium}, {@code -Dstet.e2e.chromedriver}; default
 * {@code /usr/bin/…}), so Selenium Manager never tries to download a browser.
 *
 * <p>Several {@link Browser} views (tabs) share one driver, which keeps track of the
 * window it has switched to so that a view only switches when it has to.
 */
final class Driver {

    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    static final Path CHROMIUM = Path.of(System.getProperty("stet.e2e.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("stet.e2e.chromedriver", "/usr/bin/chromedriver"));

    /** Flags proven headless on these machines (2 cores, running as root, no outside network). */
    private static final String[] CHROMIUM_FLAGS = {
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--window-size=1280,900",
        // Without it Debian's Chromium opens a start tab on an outside site and the first page waits for DNS.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    };

    private final WebDriver web;
    private final String kind;
    private final Path profile;
    private final boolean javaScript;
    private String activeWindow;

    private Driver(WebDriver web, String kind, Path profile, boolean javaScript) {
        this.web = web;
        this.kind = kind;
        this.profile = profile;
        this.javaScript = javaScript;
        this.activeWindow = web.getWindowHandle();
    }

    static Driver start() {
        return start(true);
    }

    /**
     * A browser with JavaScript on or off: off, it tests what a page does without its
     * scripts (progressive enhancement), as a user who blocks them sees it.
     */
    static Driver start(boolean javaScript) {
        if (useChromium(CHROMIUM, CHROMEDRIVER, System.getenv("CI"))) {
            return chromium(javaScript);
        }
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.warn("e2e: no Chromium at {} with chromedriver at {}; falling back to HtmlUnit with JavaScript on"
                    + " (no screenshots). With CI=true this is an error.", CHROMIUM, CHROMEDRIVER);
        }
        return new Driver(new HtmlUnitDriver(BrowserVersion.CHROME, javaScript),
                javaScript ? "HtmlUnit" : "HtmlUnit (no JavaScript)", null, javaScript);
    }

    /**
     * Chromium when both executables are there; otherwise HtmlUnit, except on CI
     * ({@code ci} is the environment's {@code CI}), where a missing Chromium must fail
     * the build rather than quietly test less.
     */
    static boolean useChromium(Path chromium, Path chromedriver, String ci) {
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return true;
        }
        if ("true".equalsIgnoreCase(ci)) {
            throw new IllegalStateException("CI=true and no Chromium at " + chromium + " with chromedriver at "
                    + chromedriver + ": install the packages chromium and chromium-driver (.ci/run does);"
                    + " on CI the suite never falls back to HtmlUnit");
        }
        return false;
    }

    private static Driver chromium(boolean javaScript) {
        Path profile;
        try {
            profile = Files.createTempDirectory("stet-e2e-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(CHROMIUM_FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        if (!javaScript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            ChromeDriver chrome = new ChromeDriver(service, options);
            return new Driver(chrome, "Chromium " + chrome.getCapabilities().getBrowserVersion()
                    + (javaScript ? "" : " (no JavaScript)"), profile, javaScript);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /** "Chromium 156.0…" or "HtmlUnit": the logs count the scenarios that ran in Chromium with it. */
    String kind() {
        return kind;
    }

    /** Whether the pages' scripts run (WebDriver's own scripts run either way, but axe's asynchronous one does not). */
    boolean runsJavaScript() {
        return javaScript;
    }

    /** HtmlUnit renders nothing, so it has no screenshots. */
    boolean takesScreenshots() {
        return !(web instanceof HtmlUnitDriver);
    }

    WebDriver web() {
        return web;
    }

    /** The driver, switched to {@code window} if it is not the current one. */
    WebDriver in(String window) {
        if (!window.equals(activeWindow)) {
            web.switchTo().window(window);
            activeWindow = window;
        }
        return web;
    }

    String window() {
        return activeWindow;
    }

    /** Opens a new tab (same cookies, so the same user) and returns its handle. */
    String newTab() {
        web.switchTo().newWindow(WindowType.TAB);
        activeWindow = web.getWindowHandle();
        return activeWindow;
    }

    /**
     * Closes the tab {@code window}, as a user closing it does (its page is hidden and
     * unloaded, so its {@code pagehide} handlers run), and switches to a tab still open.
     */
    void close(String window) {
        in(window).close();
        activeWindow = web.getWindowHandles().iterator().next();
        web.switchTo().window(activeWindow);
    }

    /** Quits the browser and removes its profile. */
    void quit() {
        try {
            web.quit();
        } finally {
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("e2e: could not remove {}: {}", root, e.toString());
        }
    }
}
