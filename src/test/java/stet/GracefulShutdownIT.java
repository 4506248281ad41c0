package stet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.db.DatabaseTimeouts;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.Listening;
import stet.support.RawHttp;
import stet.support.WebClient;

/** Closing stet (as the SIGTERM hook does) stops new requests but lets those in flight finish. */
@ExtendWith(TestPostgres.class)
class GracefulShutdownIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    /** A slow client's pause mid-body: longer than the second Jetty gives a stalled connection while it stops. */
    private static final Duration STALL = Duration.ofSeconds(2);

    @Test
    void a_request_in_flight_when_the_app_closes_completes_with_200(Database db) throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean();
        App app = TestApp.start(db.wrapped(pool -> holding(pool, holdNext, inFlight, release)));
        int port = app.port();
        WebClient alice = new WebClient(port).logIn("alice", TestApp.DEMO_PASSWORD);
        CompletableFuture<Void> closing = null;
        try {
            holdNext.set(true);
            CompletableFuture<WebClient.Page> page = CompletableFuture.supplyAsync(() -> alice.get("/collections"));
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the request reached the database").isTrue();

            closing = CompletableFuture.runAsync(app::close);
            Listening.awaitRefused(port, Duration.ofSeconds(30));
            assertThat(closing).as("close waits for the request in flight").isNotDone();
            release.countDown();

            WebClient.Page answered = page.get(30, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.body()).contains("Inventory");
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            if (closing == null) {
                app.close();
            }
            db.close();
        }
    }

    @Test
    void a_request_still_running_at_the_shutdown_limit_does_not_keep_the_rest_from_closing(Database db) throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean();
        Database held = db.wrapped(pool -> holding(pool, holdNext, inFlight, release));
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD, Optional.empty(), false, Optional.empty(), DatabaseTimeouts.DEFAULTS,
                Duration.ofMillis(500));
        App app = App.start(config, held);
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        try {
            holdNext.set(true);
            CompletableFuture.runAsync(() -> alice.get("/collections"));
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the request reached the database").isTrue();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

            // Past the limit the request is given up, and what comes after the server still closes.
            assertThat(closing).succeedsWithin(Duration.ofSeconds(30));
            assertThat(app.imports().workers().isRunning()).as("the import workers stopped").isFalse();
        } finally {
            release.countDown();
            db.close();
        }
    }

    @Test
    void a_save_whose_body_stalls_as_the_app_closes_is_still_saved(Database db) throws Exception {
        App app = TestApp.start(db.wrapped(pool -> pool));
        int port = app.port();
        CompletableFuture<Void> closing = null;
        try {
            RawHttp alice = loggedIn(port, "alice");
            long id = firstRecord(alice);
            byte[] body = edited(alice, id, "name", "Saved by a slow client as stet stops");
            try (RawHttp.Connection save = alice.open()) {
                save.begin("POST", "/records/" + id, FORM, body, 0, "Expect: 100-continue");
                // Jetty asks for the body once stet reads it: the request is in flight.
                assertThat(save.answer().status()).as("stet reads the body").isEqualTo(100);
                save.write(Arrays.copyOfRange(body, 0, body.length / 2));

                closing = CompletableFuture.runAsync(app::close);
                Listening.awaitRefused(port, Duration.ofSeconds(30));
                Thread.sleep(STALL.toMillis());
                assertThat(closing).as("close waits for the save in flight").isNotDone();
                save.write(Arrays.copyOfRange(body, body.length / 2, body.length));

                RawHttp.Answer saved = save.answer();
                assertThat(saved.status()).as(saved.head() + saved.body()).isEqualTo(303);
            }
            closing.get(30, TimeUnit.SECONDS);
            assertThat(db.dsl().fetchValue("select data->>'name' from record where id = " + id))
                    .isEqualTo("Saved by a slow client as stet stops");
        } finally {
            if (closing == null) {
                app.close();
            }
            db.close();
        }
    }

    @Test
    void requests_on_connections_open_while_the_app_stops_get_stets_own_503_with_what_was_typed(Database db)
            throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD);
        App app = App.start(config, db.wrapped(pool -> holding(pool, holdNext, inFlight, release)), lines::add);
        int port = app.port();
        CompletableFuture<Void> closing = null;
        try {
            RawHttp alice = loggedIn(port, "alice");
            long id = firstRecord(alice);
            String before = String.valueOf(db.dsl().fetchValue("select data::text from record where id = " + id));
            byte[] typed = edited(alice, id, "name", "Typed while stet stops");
            WebClient bob = new WebClient(port).logIn("bob", TestApp.DEMO_PASSWORD);
            try (RawHttp.Connection page = alice.open(); RawHttp.Connection events = alice.open()) {
                // Both connections have served a request, and stay open for the next (keep-alive).
                assertThat(page.exchange("GET", "/records/" + id, null, null).status()).isEqualTo(200);
                assertThat(events.exchange("GET", "/collections", null, null).status()).isEqualTo(200);

                // A request in flight keeps the stop waiting.
                holdNext.set(true);
                CompletableFuture<WebClient.Page> held = CompletableFuture.supplyAsync(() -> bob.get("/collections"));
                assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the request reached the database").isTrue();
                closing = CompletableFuture.runAsync(app::close);
                Listening.awaitRefused(port, Duration.ofSeconds(30));

                RawHttp.Answer save = page.exchange("POST", "/records/" + id, FORM, typed);
                assertThat(save.status()).as(save.head() + save.body()).isEqualTo(503);
                assertThat(save.header("Retry-After")).isEqualTo("1");
                assertThat(save.header("Content-Security-Policy")).isNotNull();
                assertThat(save.header("X-Frame-Options")).isEqualTo("DENY");
                assertThat(save.header("Content-Type")).startsWith("text/html").containsIgnoringCase("utf-8");
                assertThat(save.body()).contains("data-testid=\"kept-input\"").contains("Typed while stet stops");
                // Drawn before the user is known, the page has no fresh stamp: the posted one is kept, so that
                // "Send again" after the session ended is kept across the login as the edit form would be.
                assertThat(new WebClient.Page(503, save.body(), null).form("kept-input").get("_replay")).hasSize(1);
                String id503 = save.header("X-Request-Id");
                assertThat(id503).isNotNull();
                assertThat(awaitLine(lines, id503)).contains(" method=POST ").contains(" status=503 ");

                RawHttp.Answer stream = events.exchange("GET", "/records/" + id + "/events?version=1", null, null,
                        "Accept: text/event-stream");
                assertThat(stream.status()).as(stream.head() + stream.body()).isEqualTo(503);
                assertThat(stream.header("Retry-After")).isEqualTo("1");
                assertThat(stream.header("X-Request-Id")).isNotNull();

                assertThat(closing).as("close waits for the request in flight").isNotDone();
                release.countDown();
                assertThat(held.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            closing.get(30, TimeUnit.SECONDS);
            assertThat(String.valueOf(db.dsl().fetchValue("select data::text from record where id = " + id)))
                    .as("nothing typed while stopping was saved").isEqualTo(before);
        } finally {
            release.countDown();
            if (closing == null) {
                app.close();
            }
            db.close();
        }
    }

    private static RawHttp loggedIn(int port, String username) {
        RawHttp client = new RawHttp(port);
        client.logIn(username, TestApp.DEMO_PASSWORD);
        return client;
    }

    private static long firstRecord(RawHttp client) {
        Matcher link = Pattern.compile("href=\"/records/(\\d+)\"")
                .matcher(client.send("GET", "/collections/inventory", null, null).body());
        assertThat(link.find()).as("the demo collection has a record").isTrue();
        return Long.parseLong(link.group(1));
    }

    /** The record's edit form as a browser would submit it, with {@code field} changed to {@code value}. */
    private static byte[] edited(RawHttp client, long id, String field, String value) {
        String page = client.send("GET", "/records/" + id + "/edit", null, null).body();
        Map<String, List<String>> form = new java.util.LinkedHashMap<>(new WebClient.Page(200, page, null).form("record-form"));
        form.put(field, List.of(value));
        return form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The request log line of the request {@code id}, once its answer is complete. */
    private static String awaitLine(BlockingQueue<String> lines, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith("id=" + id + " ")) {
                return line;
            }
        }
        throw new AssertionError("no request log line for " + id);
    }

    /** The pool, except that the connection asked for after {@code holdNext} is set waits for {@code release}. */
    private static DataSource holding(DataSource pool, AtomicBoolean holdNext, CountDownLatch inFlight,
            CountDownLatch release) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && holdNext.getAndSet(false)) {
                        inFlight.countDown();
                        release.await();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
