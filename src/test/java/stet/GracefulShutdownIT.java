package stet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.db.DatabaseTimeouts;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.Listening;
import stet.support.WebClient;

/** Closing stet (as the SIGTERM hook does) stops new requests but lets those in flight finish. */
@ExtendWith(TestPostgres.class)
class GracefulShutdownIT {

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
