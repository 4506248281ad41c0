package stet.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.support.TestPostgres;

/**
 * Marks an end-to-end test class. stet runs in-process on a free port over a fresh
 * database of the class's own (see {@link StetExtension}); each test method asks for
 * {@link Browsers} to open real browsers, which are quit when the test ends and leave
 * a screenshot and the page source under {@code target/e2e-failures} when it fails.
 * The timeout is a safety net against a hung browser, far above any test's real time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestPostgres.class)
@ExtendWith(StetExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public @interface EndToEnd {}
