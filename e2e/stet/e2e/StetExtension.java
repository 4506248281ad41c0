package stet.e2e;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.App;
import stet.db.Database;
import stet.support.TestApp;

/**
 * Runs an {@link EndToEnd} class: starts stet in-process (on a free port, over the
 * fresh database {@link stet.support.TestPostgres} gives the class) before its tests
 * and stops it after them; gives each test its {@link Browsers}; when a test fails,
 * saves a screenshot and the page source of every tab under {@code target/e2e-failures}
 * and names the files in the failure message; quits the browsers whatever happens; and
 * logs each test's outcome, time and browser, e.g.
 * {@code e2e ConcurrentEditIT.x: passed in 3.1 s, 2 browsers, Chromium 156.0.8078.108}.
 */
final class StetExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, TestExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StetExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StetExtension.class);
    /** The class's set of page kinds checked with axe (see {@link Browser#checkAccessibility}). */
    private static final String CHECKED_PAGES = "checked-pages";
    static final Path EVIDENCE = Path.of("target", "e2e-failures").toAbsolutePath();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Let JUnit resolve the Database parameter, so TestPostgres makes this class's database.
        Method start = StetExtension.class.getDeclaredMethod("start", Database.class);
        App app = (App) context.getExecutableInvoker().invoke(start);
        context.getStore(NAMESPACE).put(App.class, app);
        context.getStore(NAMESPACE).put(CHECKED_PAGES, ConcurrentHashMap.newKeySet());
    }

    static App start(Database db) {
        return TestApp.start(db);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        App app = context.getStore(NAMESPACE).remove(App.class, App.class);
        if (app != null) {
            app.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Instant.class, Instant.now());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browsers.class || parameter.getParameter().getType() == App.class;
    }

    /** The browsers of the class, or the app itself, for a test that sets up more data than a browser should type. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        App app = context.getStore(NAMESPACE).get(App.class, App.class);
        if (parameter.getParameter().getType() == App.class) {
            return app;
        }
        @SuppressWarnings("unchecked")
        Set<String> checked = context.getStore(NAMESPACE).get(CHECKED_PAGES, Set.class);
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Browsers.class,
                key -> new Browsers("http://localhost:" + app.port(), checked), Browsers.class);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Browsers browsers = context.getStore(NAMESPACE).get(Browsers.class, Browsers.class);
        if (browsers == null || browsers.count() == 0) {
            throw failure;
        }
        List<String> saved = browsers.saveEvidence(EVIDENCE, testName(context));
        AssertionError withEvidence = new AssertionError(failure.getMessage()
                + "\nWhat the browsers showed when the test failed:\n  " + String.join("\n  ", saved), failure);
        // Point at the test's line, not at this handler.
        withEvidence.setStackTrace(failure.getStackTrace());
        throw withEvidence;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browsers browsers = context.getStore(NAMESPACE).remove(Browsers.class, Browsers.class);
        Instant started = context.getStore(NAMESPACE).remove(Instant.class, Instant.class);
        try {
            if (browsers != null) {
                String outcome = context.getExecutionException().isPresent() ? "FAILED" : "passed";
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                LOG.info("e2e {}: {} in {} s, {} browser{}, {}", testName(context), outcome,
                        String.format("%.1f", seconds), browsers.count(), browsers.count() == 1 ? "" : "s",
                        String.join(" + ", browsers.kinds()));
            }
        } finally {
            if (browsers != null) {
                browsers.close();
            }
        }
    }

    private static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }
}
