package stet.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import stet.App;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.support.EventStream;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * Live changes across nodes: two stet nodes on one PostgreSQL, a page's event stream on
 * one and the change on the other. Saves, deletes, leases and presence reach the other
 * node's streams through LISTEN/NOTIFY; a stream opened on an old version is told at once;
 * and a node keeps listening through a restart of PostgreSQL, without being restarted.
 */
@ExtendWith(TestPostgres.class)
class LiveEventsIT {

    /** How long a test waits for an event before it fails; what must be fast is measured on its own. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static App nodeA;
    private static App nodeB;
    /** Alice works on node A, Bob watches on node B. */
    private static WebClient aliceOnA;
    private static WebClient bobOnB;
    private static final AtomicInteger created = new AtomicInteger();

    @BeforeAll
    static void start(DatabaseUrl url) throws InterruptedException {
        nodeA = TestApp.start(Database.connect(url));
        nodeB = TestApp.start(Database.connect(url));
        assertThat(nodeA.live().awaitListening(WAIT)).isTrue();
        assertThat(nodeB.live().awaitListening(WAIT)).isTrue();
        aliceOnA = new WebClient(nodeA.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        bobOnB = new WebClient(nodeB.port()).logIn("bob", TestApp.DEMO_PASSWORD);
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void a_save_on_one_node_reaches_a_stream_on_the_other_within_a_second_with_version_author_and_changed_fields() {
        long id = record(aliceOnA);
        try (EventStream bobs = opened(bobOnB, id, 1, "viewing")) {
            WebClient.Page saved = save(aliceOnA, id, Map.of("name", "Renamed live", "quantity", "8"));
            long answered = System.nanoTime();

            EventStream.Event event = bobs.next("saved", WAIT);
            Duration took = Duration.ofNanos(System.nanoTime() - answered);

            assertThat(saved.status()).isEqualTo(303);
            assertThat(took).as("from the save's answer to the event on the other node").isLessThan(Duration.ofSeconds(1));
            assertThat(event.data().get("version").asInt()).isEqualTo(2);
            assertThat(event.text("author")).isEqualTo("Alice");
            assertThat(event.data().get("mine").asBoolean()).isFalse();
            assertThat(strings(event.data().get("changed"))).containsExactlyInAnyOrder("Name", "Quantity in stock");
            assertThat(event.text("at")).isNotBlank();
        }
    }

    @Test
    void a_save_is_marked_mine_on_the_authors_own_stream_on_the_other_node() {
        long id = record(aliceOnA);
        WebClient aliceOnB = new WebClient(nodeB.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        try (EventStream alicesOtherTab = opened(aliceOnB, id, 1, "viewing")) {
            save(aliceOnA, id, Map.of("quantity", "3"));

            EventStream.Event event = alicesOtherTab.next("saved", WAIT);

            assertThat(event.data().get("mine").asBoolean()).isTrue();
            assertThat(strings(event.data().get("changed"))).containsExactly("Quantity in stock");
        }
    }

    @Test
    void a_delete_on_one_node_reaches_a_stream_on_the_other_as_deleted() {
        long id = record(aliceOnA);
        try (EventStream bobs = opened(bobOnB, id, 1, "viewing")) {
            WebClient.Page page = aliceOnA.get("/records/" + id);
            WebClient.Page deleted = aliceOnA.postForm("/records/" + id + "/delete", page.form("delete-form"));
            assertThat(deleted.status()).isEqualTo(303);

            EventStream.Event event = bobs.next("deleted", WAIT);

            assertThat(event.data().get("version").asInt()).isEqualTo(2);
            assertThat(event.text("author")).isEqualTo("Alice");
        }
    }

    @Test
    void a_lease_taken_and_released_on_one_node_reaches_a_stream_on_the_other() {
        long id = record(aliceOnA);
        try (EventStream bobs = opened(bobOnB, id, 1, "viewing")) {
            String csrf = aliceOnA.csrfToken();
            assertThat(aliceOnA.postWithToken("/records/" + id + "/lease", csrf).statusCode()).isEqualTo(200);

            EventStream.Event taken = bobs.next("lease", e -> "Alice".equals(e.text("holder")), WAIT);
            assertThat(taken.data().get("mine").asBoolean()).isFalse();
            assertThat(taken.text("since")).isNotBlank();
            assertThat(taken.text("expires")).isNotBlank();

            assertThat(aliceOnA.post("/records/" + id + "/lease/release", WebClient.form("_csrf", csrf)).status())
                    .isEqualTo(204);

            EventStream.Event released = bobs.next("lease", WAIT);
            assertThat(released.data().get("holder").isNull()).isTrue();
            assertThat(released.data().get("mine").asBoolean()).isFalse();
        }
    }

    @Test
    void two_users_streams_on_two_nodes_see_each_other_and_a_closed_stream_leaves() {
        long id = record(aliceOnA);
        try (EventStream alices = opened(aliceOnA, id, 1, "editing");
                EventStream bobs = opened(bobOnB, id, 1, "viewing")) {

            alices.next("presence", e -> others(e).equals(List.of("Bob viewing")), WAIT);
            bobs.next("presence", e -> others(e).equals(List.of("Alice editing")), WAIT);

            bobs.close();
            long closed = System.nanoTime();
            // A node learns that a page went away when it next writes to its stream: the
            // heartbeat, whose first write may still go through (the second one fails).
            alices.next("presence", e -> others(e).isEmpty(), LiveHub.HEARTBEAT.multipliedBy(2).plus(WAIT));
            System.out.println("LiveEventsIT: a closed stream left the others' presence after "
                    + Duration.ofNanos(System.nanoTime() - closed).toMillis() + " ms");
        }
    }

    @Test
    void streams_of_a_session_that_ended_by_logout_on_another_node_or_by_expiry_close_and_leave_presence() {
        long id = record(aliceOnA);
        WebClient alice = new WebClient(nodeA.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        WebClient admin = new WebClient(nodeB.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
        try (EventStream bobs = opened(bobOnB, id, 1, "viewing");
                EventStream alices = opened(alice, id, 1, "editing");
                EventStream admins = opened(admin, id, 1, "viewing")) {
            bobs.next("presence", e -> others(e).equals(List.of("Admin viewing", "Alice editing")), WAIT);

            // Alice logs out on the other node, with the same cookie (another tab there).
            WebClient aliceOnB = new WebClient(nodeB.port());
            aliceOnB.putCookie("stet_session", alice.cookie("stet_session"));
            assertThat(aliceOnB.post("/logout", WebClient.form("_csrf", aliceOnB.csrfToken())).status()).isEqualTo(303);
            // The admin's session runs out.
            var sessions = stet.db.jooq.Tables.APP_SESSION;
            var users = stet.db.jooq.Tables.APP_USER;
            nodeA.database().dsl().update(sessions)
                    .set(sessions.EXPIRES_AT, java.time.OffsetDateTime.now().minusMinutes(1))
                    .where(sessions.USER_ID.eq(nodeA.database().dsl().select(users.ID).from(users)
                            .where(users.USERNAME.eq("admin"))))
                    .execute();
            long ended = System.nanoTime();

            // Each node checks its streams' sessions at every heartbeat.
            Duration keepAlive = LiveHub.HEARTBEAT.plus(WAIT);
            alices.awaitEnd(keepAlive);
            admins.awaitEnd(keepAlive);
            bobs.next("presence", e -> others(e).isEmpty(), keepAlive);
            System.out.println("LiveEventsIT: the streams of ended sessions were closed and left presence after "
                    + Duration.ofNanos(System.nanoTime() - ended).toMillis() + " ms");
        }
    }

    @Test
    void a_stream_opened_on_an_old_version_is_told_of_the_newer_one_at_once() {
        long id = record(aliceOnA);
        save(aliceOnA, id, Map.of("quantity", "4"));
        try (EventStream old = bobOnB.events("/records/" + id + "/events?version=1&mode=editing");
                EventStream current = bobOnB.events("/records/" + id + "/events?version=2&mode=viewing")) {

            EventStream.Event told = old.next("saved", WAIT);
            assertThat(told.data().get("version").asInt()).isEqualTo(2);
            assertThat(told.text("author")).isEqualTo("Alice");

            // The presence event comes after everything a stream is told on opening.
            current.next("presence", WAIT);
            List<EventStream.Event> first = current.drain();
            assertThat(first).extracting(EventStream.Event::name).doesNotContain("saved");
        }
    }

    @Test
    void a_node_keeps_listening_through_a_restart_of_postgresql(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres pg = startPostgres(data, port);
        DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null);
        App a = null;
        App b = null;
        try {
            a = TestApp.start(Database.connect(url));
            b = TestApp.start(Database.connect(url));
            App writer = a;
            App reader = b;
            assertThat(writer.live().awaitListening(WAIT)).isTrue();
            assertThat(reader.live().awaitListening(WAIT)).isTrue();
            WebClient alice = new WebClient(writer.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            WebClient bob = new WebClient(reader.port()).logIn("bob", TestApp.DEMO_PASSWORD);
            long id = record(alice);
            EventStream before = opened(bob, id, 1, "viewing");

            pg.close();
            await("node B notices that PostgreSQL is gone", Duration.ofSeconds(30), () -> !reader.live().isListening());
            pg = startPostgres(data, port);
            assertThat(reader.live().awaitListening(Duration.ofSeconds(30))).as("node B listens again").isTrue();
            assertThat(writer.live().awaitListening(Duration.ofSeconds(30))).as("node A listens again").isTrue();
            await("node A's pool answers again", Duration.ofSeconds(30), () -> alice.get("/health").status() == 200);

            // A browser's EventSource reconnects by itself if the node ended its stream.
            EventStream stream = before.hasEnded() ? opened(bob, id, 1, "viewing") : before;
            try {
                WebClient.Page saved = save(alice, id, Map.of("quantity", "9"));
                assertThat(saved.status()).isEqualTo(303);

                EventStream.Event event = stream.next("saved", WAIT);
                assertThat(event.data().get("version").asInt()).isEqualTo(2);
                assertThat(event.text("author")).isEqualTo("Alice");
                System.out.println("LiveEventsIT: the stream opened before the restart "
                        + (stream == before ? "stayed open" : "was ended by the node and opened again"));
            } finally {
                stream.close();
                before.close();
            }
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            pg.close();
        }
    }

    /**
     * Notifications sent while a node could not listen are lost, so once it listens again
     * it reads what its pages show and tells them. That read may itself fail at first (after
     * a restart the pool still holds dead connections; here a lock makes it time out once):
     * the node must try again rather than leave its pages behind for good.
     */
    @Test
    void a_save_made_while_a_node_could_not_listen_reaches_its_stream_once_it_listens_again(DatabaseUrl url)
            throws Exception {
        String role = "live_reader_node";
        App writer = TestApp.start(Database.connect(url));
        var sql = writer.database().dsl();
        sql.execute("create role " + role + " login superuser");
        // The reader node connects as a role of its own, so that it alone can be kept out (the
        // test server's URL names its user in the query, which would win over the role).
        String jdbcUrl = url.jdbcUrl().replaceFirst("\\?.*$", "");
        App reader = TestApp.start(Database.connect(new DatabaseUrl(jdbcUrl, role, null)));
        try (Connection locker = writer.database().openDedicated()) {
            assertThat(writer.live().awaitListening(WAIT)).isTrue();
            assertThat(reader.live().awaitListening(WAIT)).isTrue();
            WebClient alice = new WebClient(writer.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            WebClient bob = new WebClient(reader.port()).logIn("bob", TestApp.DEMO_PASSWORD);
            long id = record(alice);
            try (EventStream bobs = opened(bob, id, 1, "viewing")) {
                sql.execute("alter role " + role + " nologin");
                sql.fetch("select pg_terminate_backend(pid, 5000) from pg_stat_activity where usename = ?", role);
                await("the reader notices it is not listening", WAIT, () -> !reader.live().isListening());

                assertThat(save(alice, id, Map.of("quantity", "6")).status()).isEqualTo(303);

                // The reader's first read after it listens again waits on this lock until its lock timeout.
                locker.setAutoCommit(false);
                try (Statement lock = locker.createStatement()) {
                    lock.execute("lock table record in access exclusive mode");
                }
                sql.execute("alter role " + role + " login");
                assertThat(reader.live().awaitListening(Duration.ofSeconds(30))).isTrue();
                // The node's reads, not its maintenance (an index pass of its start may wait on the
                // lock too, and rightly without a lock timeout).
                String reads = "from pg_stat_activity where usename = '" + role + "' and wait_event_type = 'Lock'"
                        + " and application_name <> '" + Database.MAINTENANCE + "'";
                Supplier<String> waiting = () -> sql.fetch("select pid, application_name, query " + reads).format();
                await("the reader's read waits on the lock", WAIT,
                        () -> sql.fetchOne("select count(*) " + reads).get(0, Long.class) > 0, waiting);
                await("the reader's read gave up", WAIT,
                        () -> sql.fetchOne("select count(*) " + reads).get(0, Long.class) == 0, waiting);
                locker.rollback();

                EventStream.Event event = bobs.next("saved", WAIT);
                assertThat(event.data().get("version").asInt()).isEqualTo(2);
                assertThat(event.text("author")).isEqualTo("Alice");
            }
        } finally {
            reader.close();
            writer.close();
        }
    }

    // --- Fixtures ------------------------------------------------------------------------

    /**
     * Opens a page's stream and waits until the node has told it who holds the lease (the
     * first thing a new stream is told): from then on, the node sends it every change.
     */
    private static EventStream opened(WebClient who, long id, int version, String mode) {
        EventStream stream = who.events("/records/" + id + "/events?version=" + version + "&mode=" + mode);
        assertThat(stream.status()).isEqualTo(200);
        stream.next("lease", WAIT);
        return stream;
    }

    private static long record(WebClient who) {
        int n = created.incrementAndGet();
        return Records.create(who, "inventory", Map.of("name", "Live " + n, "sku", "LIVE-" + n, "quantity", "1"));
    }

    /** Opens the edit form, types {@code changes} over it and saves it (its lease is taken and released). */
    private static WebClient.Page save(WebClient who, long id, Map<String, String> changes) {
        Map<String, List<String>> form = who.get("/records/" + id + "/edit").form("record-form");
        changes.forEach((key, value) -> form.put(key, List.of(value)));
        return who.postForm("/records/" + id, form);
    }

    /** A presence event's others as "Name mode", in order. */
    private static List<String> others(EventStream.Event presence) {
        List<String> others = new ArrayList<>();
        presence.data().get("others").forEach(o -> others.add(o.get("name").asText() + " "
                + (o.get("editing").asBoolean() ? "editing" : "viewing")));
        return others;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code limit}. */
    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        await(what, limit, condition, () -> "");
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, the failure saying what {@code state} is then. */
    private static void await(String what, Duration limit, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what + "\n" + state.get());
            }
            Thread.sleep(50);
        }
    }
}
