package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;
import static stet.record.RecordWebIT.inventory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.auth.TokenScope;
import stet.db.Database;
import stet.db.DatabaseTimeouts;
import stet.db.DatabaseUrl;
import stet.support.ApiClient;
import stet.support.BreakableConnections;
import stet.support.FreezingProxy;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * A node keeps answering, and answers honestly, when the database makes it wait: a save
 * that meets another transaction's lock, or a database that is down, is answered 503
 * with {@code Retry-After} within the time bounds, and the page keeps what the user typed.
 * A stale save, which merges under the record's row lock (issue 14), answers the same
 * when the lock cannot be had, on the form and in the API. A database that stops answering
 * under a request (frozen, paused, cut off), which cannot end the statement itself, is given
 * up by the driver's socket timeout.
 */
@ExtendWith(TestPostgres.class)
class FailFastWebIT {

    /** Generous room over the lock timeout for a loaded two-core machine; the bound is the feature. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    static Database db;
    static App app;

    @BeforeAll
    static void start(Database database) {
        db = database;
        app = TestApp.start(db);
    }

    @AfterAll
    static void stop() {
        app.close();
        db.close();
    }

    static int version(Database database, long id) {
        return database.dsl().fetchSingle(stet.db.jooq.Tables.RECORD, stet.db.jooq.Tables.RECORD.ID.eq(id)).getVersion();
    }

    /** Runs {@code request} while another connection holds {@code lockSql}'s row locks in an open transaction. */
    static <T> T whileLocked(String lockSql, java.util.function.Supplier<T> request) {
        return db.dsl().connectionResult(connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(lockSql);
                return request.get();
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        });
    }

    @Test
    void a_save_while_an_admin_holds_the_collection_definition_answers_503_with_retry_after_and_keeps_the_input() {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        long id = create(alice, "Lamp", "LOCK-1");
        Map<String, String> typed = inventory(alice.get("/records/" + id + "/edit"), "Lamp, typed while locked",
                "LOCK-1", "7", "\nfirst line after a blank one\nsecond line");

        long started = System.nanoTime();
        HttpResponse<String> answer = whileLocked(
                "select id from collection where slug = 'inventory' for update", () -> alice.postResponse("/records/" + id, typed));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(took).isLessThan(DatabaseTimeouts.DEFAULTS.lock().plus(MARGIN));
        System.out.printf("fail-fast: save against a held definition lock answered 503 in %d ms%n", took.toMillis());
        WebClient.Page page = new WebClient.Page(answer.statusCode(), answer.body(), null);
        assertThat(page.body()).contains("data-testid=\"error-message\">The database was busy (someone else is changing"
                + " the same thing), so nothing was changed. Try again in a moment.</p>");
        Map<String, List<String>> kept = page.form("kept-input");
        assertThat(kept).containsEntry("name", List.of("Lamp, typed while locked"))
                .containsEntry("quantity", List.of("7"))
                .containsEntry("description", List.of("\nfirst line after a blank one\nsecond line"))
                .containsEntry("version", List.of(typed.get("version")))
                .containsEntry("version_token", List.of(typed.get("version_token")));
        assertThat(version(db, id)).isEqualTo(1);

        // The lock is gone: sending the kept form again saves exactly what was typed.
        WebClient.Page resent = alice.postForm("/records/" + id, kept);
        assertThat(resent.status()).as(resent.body()).isEqualTo(303);
        assertThat(version(db, id)).isEqualTo(2);
        assertThat(alice.get("/records/" + id).body()).contains("Lamp, typed while locked");
        assertThat(db.dsl().fetchValue("select data ->> 'description' from record where id = ?", id))
                .isEqualTo("\nfirst line after a blank one\nsecond line");
    }

    @Test
    void a_save_of_a_record_whose_row_another_transaction_holds_answers_503_within_the_lock_timeout() {
        WebClient bob = new WebClient(app.port()).logIn("bob", TestApp.DEMO_PASSWORD);
        long id = create(bob, "Chair", "LOCK-2");
        Map<String, String> typed = inventory(bob.get("/records/" + id + "/edit"), "Chair, typed", "LOCK-2", "3", "");

        long started = System.nanoTime();
        HttpResponse<String> answer = whileLocked("select id from record where id = " + id + " for update",
                () -> bob.postResponse("/records/" + id, typed));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(took).isLessThan(DatabaseTimeouts.DEFAULTS.lock().plus(MARGIN));
        assertThat(new WebClient.Page(503, answer.body(), null).form("kept-input"))
                .containsEntry("name", List.of("Chair, typed"));
        assertThat(version(db, id)).isEqualTo(1);
    }

    @Test
    void a_stale_save_that_cannot_lock_the_record_within_the_lock_timeout_answers_503_keeps_the_input_and_writes_nothing() {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        WebClient bob = new WebClient(app.port()).logIn("bob", TestApp.DEMO_PASSWORD);
        long id = create(bob, "Stool", "LOCK-3");
        Map<String, String> stale = inventory(bob.get("/records/" + id + "/edit"), "Stool", "LOCK-3", "5",
                "typed by Bob while the record was locked");
        WebClient.Page aliceSaved = alice.post("/records/" + id,
                inventory(alice.get("/records/" + id + "/edit"), "Stool, renamed by Alice", "LOCK-3", "5", "notes"));
        assertThat(aliceSaved.status()).as(aliceSaved.body()).isEqualTo(303);

        // Bob's save is stale: it merges under the record's row lock, which another transaction holds.
        long started = System.nanoTime();
        HttpResponse<String> answer = whileLocked("select id from record where id = " + id + " for update",
                () -> bob.postResponse("/records/" + id, stale));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(took).isLessThan(DatabaseTimeouts.DEFAULTS.lock().plus(MARGIN));
        Map<String, List<String>> kept = new WebClient.Page(503, answer.body(), null).form("kept-input");
        assertThat(kept).containsEntry("description", List.of("typed by Bob while the record was locked"))
                .containsEntry("version", List.of("1"));
        assertThat(version(db, id)).isEqualTo(2);

        // The lock is gone: the kept form merges with Alice's save and lands.
        WebClient.Page resent = bob.postForm("/records/" + id, kept);
        assertThat(resent.status()).as(resent.body()).isEqualTo(303);
        assertThat(version(db, id)).isEqualTo(3);
        assertThat(bob.get("/records/" + id).body()).contains("Stool, renamed by Alice")
                .contains("typed by Bob while the record was locked");
    }

    @Test
    void an_api_merge_that_cannot_lock_the_record_within_the_lock_timeout_answers_503_json_and_writes_nothing() {
        WebClient bob = new WebClient(app.port()).logIn("bob", TestApp.DEMO_PASSWORD);
        long id = create(bob, "Bench", "LOCK-4");
        WebClient.Page saved = bob.post("/records/" + id,
                inventory(bob.get("/records/" + id + "/edit"), "Bench, renamed", "LOCK-4", "5", "notes"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        ApiClient api = ApiClient.as(app, "alice", TokenScope.WRITE);

        long started = System.nanoTime();
        HttpResponse<String> answer = whileLocked("select id from record where id = " + id + " for update",
                () -> api.json("PATCH", "/api/v1/records/" + id, "{\"values\": {\"price\": 12}}",
                        "If-Match", "\"1\"", "Prefer", "merge"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(answer.body()).contains("The database was busy");
        assertThat(took).isLessThan(DatabaseTimeouts.DEFAULTS.lock().plus(MARGIN));
        assertThat(version(db, id)).isEqualTo(2);

        HttpResponse<String> again = api.json("PATCH", "/api/v1/records/" + id, "{\"values\": {\"price\": 12}}",
                "If-Match", "\"1\"", "Prefer", "merge");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(version(db, id)).isEqualTo(3);
    }

    @Test
    void when_the_database_is_down_requests_answer_503_within_two_seconds_and_health_within_one() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Database own = Database.connect(new DatabaseUrl(pg.getJdbcUrl("postgres", "postgres"), "postgres", null));
        App downApp = TestApp.start(own);
        try {
            WebClient alice = new WebClient(downApp.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            long id = create(alice, "Desk", "DOWN-1");
            Map<String, String> typed = inventory(alice.get("/records/" + id + "/edit"), "Desk, typed while down",
                    "DOWN-1", "2", "notes");
            assertThat(alice.get("/health").status()).isEqualTo(200);

            pg.close();

            // A monitor's probe, which has no session.
            WebClient monitor = new WebClient(downApp.port());
            long started = System.nanoTime();
            WebClient.Page health = monitor.get("/health");
            Duration healthTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"database unavailable\"}");
            assertThat(healthTook).isLessThan(Duration.ofSeconds(1));

            started = System.nanoTime();
            HttpResponse<String> save = alice.postResponse("/records/" + id, typed);
            Duration saveTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(save.statusCode()).as(save.body()).isEqualTo(503);
            assertThat(saveTook).isLessThan(Duration.ofSeconds(2));
            assertThat(save.headers().firstValue("Retry-After")).contains("5");
            assertThat(save.body()).contains("data-testid=\"error-message\">The database cannot be reached right now."
                    + " Try again in a moment.</p>");
            assertThat(new WebClient.Page(503, save.body(), null).form("kept-input"))
                    .containsEntry("name", List.of("Desk, typed while down"))
                    .containsEntry("quantity", List.of("2"));

            started = System.nanoTime();
            WebClient.Page view = alice.get("/records/" + id);
            Duration viewTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(view.status()).isEqualTo(503);
            assertThat(viewTook).isLessThan(Duration.ofSeconds(2));
            System.out.printf("fail-fast: database down: health %d ms, save %d ms, page %d ms%n", healthTook.toMillis(),
                    saveTook.toMillis(), viewTook.toMillis());
        } finally {
            downApp.close();
            pg.close();
        }
    }

    @Test
    void a_save_whose_database_freezes_under_it_answers_503_within_the_socket_timeout_then_fails_fast_until_it_thaws(
            DatabaseUrl url) throws Exception {
        // Statements may run 1 s, so the driver waits 6 s for an answer (DatabaseTimeouts.socket).
        DatabaseTimeouts timeouts = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(1));
        BreakableConnections breakable = new BreakableConnections();
        try (FreezingProxy proxy = FreezingProxy.inFrontOf(url); Database own = Database.connect(proxy.url(), timeouts)) {
            App frozenApp = TestApp.start(own.wrapped(breakable::wrap));
            try {
                WebClient alice = new WebClient(frozenApp.port()).logIn("alice", TestApp.DEMO_PASSWORD);
                long id = create(alice, "Shelf", "FROZEN-1");
                Map<String, String> typed = inventory(alice.get("/records/" + id + "/edit"), "Shelf, typed while frozen",
                        "FROZEN-1", "4", "first line\nsecond line");

                // The server stops answering once the save holds its connection, as when it is stopped
                // (SIGSTOP) mid-request: the pool checked the connection, nothing tells the driver it is gone.
                breakable.onNextBegin(proxy::freeze);
                long started = System.nanoTime();
                HttpResponse<String> save = proxy.answerWithin(Duration.ofSeconds(10),
                        () -> alice.postResponse("/records/" + id, typed));
                Duration saveTook = Duration.ofNanos(System.nanoTime() - started);

                assertThat(save.statusCode()).as(save.body()).isEqualTo(503);
                assertThat(save.headers().firstValue("Retry-After")).contains("5");
                assertThat(save.body()).contains("data-testid=\"error-message\">The database cannot be reached right now."
                        + " Try again in a moment.</p>");
                Map<String, List<String>> kept = new WebClient.Page(503, save.body(), null).form("kept-input");
                assertThat(kept).containsEntry("name", List.of("Shelf, typed while frozen"))
                        .containsEntry("description", List.of("first line\nsecond line"))
                        .containsEntry("version", List.of("1"));

                // The server is known down: the next request is refused by the circuit at once, sooner than
                // checking a pooled connection (up to the 1 s connect timeout) would take.
                started = System.nanoTime();
                WebClient.Page view = alice.get("/records/" + id);
                Duration viewTook = Duration.ofNanos(System.nanoTime() - started);
                assertThat(view.status()).as(view.body()).isEqualTo(503);
                assertThat(viewTook).isLessThan(timeouts.connect());
                System.out.printf("fail-fast: database frozen: save %d ms, next page %d ms%n", saveTook.toMillis(),
                        viewTook.toMillis());

                proxy.thaw();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (alice.get("/records/" + id).status() != 200) {
                    assertThat(System.nanoTime()).as("stet serves again within 15 s of the thaw").isLessThan(deadline);
                }
                // The frozen save never committed; its kept form, sent again, saves exactly what was typed.
                assertThat(version(own, id)).isEqualTo(1);
                WebClient.Page resent = alice.postForm("/records/" + id, kept);
                assertThat(resent.status()).as(resent.body()).isEqualTo(303);
                assertThat(version(own, id)).isEqualTo(2);
                assertThat(own.dsl().fetchValue("select data ->> 'name' from record where id = ?", id))
                        .isEqualTo("Shelf, typed while frozen");
            } finally {
                frozenApp.close();
            }
        }
    }
}
