package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.support.ApiClient;
import stet.support.LockWaits;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * A password reset shuts out a log-in or a token creation that is under way with the old
 * password at that moment, not only what existed before it. Each race is made to happen:
 * the request is frozen just before its INSERT by a lock held on a connection of the
 * test's own, the real reset runs in that same transaction, and its commit lets the
 * request go on. The node waits longer for locks than the default second, so that the
 * frozen request does not give up while the test holds the lock.
 */
@ExtendWith(TestPostgres.class)
class PasswordResetRaceIT {

    private static final String OLD_PASSWORD = "the-old-password";
    private static final String NEW_PASSWORD = "the-new-password";

    private static App app;
    private static String newHash;
    private final ExecutorService requests = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void startApp(DatabaseUrl url) {
        app = TestApp.start(Database.connect(url, LockWaits.PATIENT));
        newHash = new Passwords().hash(NEW_PASSWORD);
    }

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void a_login_with_the_old_password_while_the_reset_commits_is_refused_and_leaves_no_session() throws Exception {
        long carol = user("carol");
        WebClient browser = new WebClient(app.port());
        String csrf = browser.get("/login").hidden("_csrf");
        Future<WebClient.Page> login;
        try (Connection conn = app.database().openDedicated()) {
            conn.setAutoCommit(false);
            DSLContext tx = DSL.using(conn, SQLDialect.POSTGRES);
            // Every way the log-in can insert its session first locks carol's row: it waits here.
            tx.select(APP_USER.ID).from(APP_USER).where(APP_USER.ID.eq(carol)).forUpdate().fetch();
            login = requests.submit(() -> browser.post("/login",
                    WebClient.form("_csrf", csrf, "username", "carol", "password", OLD_PASSWORD)));
            waitUntilWaitingOnLock(login);

            new UserStore(tx).resetPassword(carol, newHash); // commits, and so lets the log-in go on
        }
        WebClient.Page answer = login.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).as("the log-in with the old password").isEqualTo(401);
        assertThat(answer.body()).contains("Unknown user or wrong password.");
        assertThat(browser.cookie(Authentication.SESSION_COOKIE)).as("a session cookie").isNull();
        assertThat(browser.get("/collections").status()).as("a page after it").isEqualTo(303);
        assertThat(sessionsOf(carol)).isZero();
        new WebClient(app.port()).logIn("carol", NEW_PASSWORD);
    }

    @Test
    void a_token_created_with_the_old_passwords_session_while_the_reset_commits_is_not_created() throws Exception {
        long dave = user("dave");
        WebClient browser = new WebClient(app.port()).logIn("dave", OLD_PASSWORD);
        Map<String, List<String>> form = browser.get("/account/tokens").form("new-token-form");
        form.put("name", List.of("made during the reset"));
        Future<WebClient.Page> creation;
        try (Connection conn = app.database().openDedicated()) {
            conn.setAutoCommit(false);
            DSLContext tx = DSL.using(conn, SQLDialect.POSTGRES);
            // Blocks any INSERT into api_token at its start, before it reads anything: the token waits
            // here. (A row lock on dave would freeze it too, but while it holds its session's row,
            // which the reset's DELETE then waits for: a deadlock, not a race.)
            tx.execute("lock table api_token in share mode");
            creation = requests.submit(() -> browser.postForm("/account/tokens", form));
            waitUntilWaitingOnLock(creation);

            new UserStore(tx).resetPassword(dave, newHash); // commits, and so lets the creation go on
        }
        WebClient.Page answer = creation.get(30, TimeUnit.SECONDS);

        if (answer.has("token-secret")) {
            String secret = answer.element("token-secret").get("value");
            assertThat(new ApiClient(app.port(), secret).get("/api/v1/me").statusCode())
                    .as("GET /api/v1/me with the token created during the reset").isEqualTo(401);
        }
        assertThat(answer.status()).as("the creation, whose session the reset ended").isEqualTo(401);
        assertThat(answer.body()).contains("Your session has ended");
        assertThat(answer.has("current-user")).as("a user in the header").isFalse();
        assertThat(app.database().dsl().fetchCount(API_TOKEN, API_TOKEN.USER_ID.eq(dave))).as("dave's tokens").isZero();

        // The form typed is kept: logging in with the new password offers to send it on.
        Map<String, List<String>> login = answer.form("login-form");
        login.put("username", List.of("dave"));
        login.put("password", List.of(NEW_PASSWORD));
        WebClient.Page offered = browser.submit(answer, "login-form", login);
        assertThat(offered.form("resubmit-form")).containsEntry("name", List.of("made during the reset"));
        WebClient.Page created = browser.submit(offered, "resubmit-form", offered.form("resubmit-form"));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.element("token-secret").get("value");
        assertThat(new ApiClient(app.port(), secret).get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void a_login_and_a_token_creation_without_a_reset_work() {
        user("erin");
        WebClient browser = new WebClient(app.port()).logIn("erin", OLD_PASSWORD);
        assertThat(browser.get("/collections").status()).isEqualTo(200);

        Map<String, List<String>> form = browser.get("/account/tokens").form("new-token-form");
        form.put("name", List.of("nightly"));
        WebClient.Page created = browser.postForm("/account/tokens", form);

        assertThat(created.status()).isEqualTo(201);
        String secret = created.element("token-secret").get("value");
        assertThat(new ApiClient(app.port(), secret).get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    /** A new editor {@code username} with {@link #OLD_PASSWORD}; returns their id. */
    private static long user(String username) {
        return new UserStore(app.database().dsl())
                .create(username, username, Role.EDITOR, new Passwords().hash(OLD_PASSWORD)).id();
    }

    private static int sessionsOf(long userId) {
        return app.database().dsl().fetchCount(APP_SESSION, APP_SESSION.USER_ID.eq(userId));
    }

    /** Until a statement of this database waits on a lock; fails when {@code request} is answered first. */
    private static void waitUntilWaitingOnLock(Future<?> request) throws Exception {
        LockWaits.awaitWaitingOnLock(app.database().dsl(), request::isDone, () -> describe(request));
    }

    private static String describe(Future<?> request) throws InterruptedException, ExecutionException {
        try {
            Object answer = request.get(0, TimeUnit.SECONDS);
            return answer instanceof WebClient.Page page ? page.status() + " " + page.location() : String.valueOf(answer);
        } catch (TimeoutException e) {
            return "(not yet)";
        }
    }
}
