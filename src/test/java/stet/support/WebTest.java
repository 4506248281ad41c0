package stet.support;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;

/**
 * Base of the in-process HTTP tests: each test class gets stet running on a free port
 * over its own fresh database, with the demo users and collection.
 */
@ExtendWith(TestPostgres.class)
public abstract class WebTest {

    protected static App app;

    @BeforeAll
    static void startApp(Database db) {
        app = TestApp.start(db);
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    /** A browser logged in as a demo editor (alice or bob). */
    protected static WebClient logIn(String user) {
        return new WebClient(app.port()).logIn(user, TestApp.DEMO_PASSWORD);
    }

    /** A browser logged in as the admin. */
    protected static WebClient admin() {
        return new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
    }

    /** A script with a new API token of {@code user} (a demo user or "admin") with {@code scope}. */
    protected static ApiClient api(String user, stet.auth.TokenScope scope) {
        return ApiClient.as(app, user, scope);
    }

    /** A browser that has not logged in. */
    protected static WebClient browser() {
        return new WebClient(app.port());
    }

    protected static void set(Map<String, List<String>> form, String name, String value) {
        form.put(name, List.of(value));
    }
}
