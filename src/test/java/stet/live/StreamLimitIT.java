package stet.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Config;
import stet.db.Database;
import stet.support.EventStream;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/** A node keeps at most its limit of live streams open; past it a page is refused its stream, never its content. */
@ExtendWith(TestPostgres.class)
class StreamLimitIT {

    @Test
    void past_the_nodes_limit_a_stream_is_refused_with_503_and_retry_after_and_pages_are_still_served(Database db)
            throws Exception {
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD).withLiveMaxStreams(2);
        try (App app = App.start(config, db)) {
            WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            long id = firstRecord(alice);
            String events = "/records/" + id + "/events?version=1&mode=viewing";

            try (EventStream first = alice.events(events); EventStream second = alice.events(events)) {
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(200);
                first.next("presence", Duration.ofSeconds(10));

                // Read as a stream: a stream the node took would never end.
                HttpResponse<InputStream> third = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.port() + events))
                        .header("Accept", "text/event-stream")
                        .header("Cookie", "stet_session=" + alice.cookie("stet_session"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = third.body()) {
                    assertThat(third.statusCode()).as("the third stream's status").isEqualTo(503);
                    assertThat(third.headers().firstValue("Retry-After")).contains("30");
                    assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                            .contains("This node has as many live pages open as it takes (2)");
                }
                assertThat(alice.get("/records/" + id).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void a_head_request_for_a_stream_is_answered_without_opening_one(Database db) throws Exception {
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD).withLiveMaxStreams(1);
        try (App app = App.start(config, db)) {
            WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            String events = "/records/" + firstRecord(alice) + "/events?version=1&mode=viewing";

            HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + app.port() + events))
                    .header("Accept", "text/event-stream")
                    .header("Cookie", "stet_session=" + alice.cookie("stet_session"))
                    .timeout(Duration.ofSeconds(10)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            // At a limit of one, a stream the HEAD had taken (never to be closed: nothing is
            // ever read from it) would leave none for the page.
            try (EventStream stream = alice.events(events)) {
                assertThat(stream.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void once_the_node_has_closed_its_live_changes_a_stream_is_refused_not_held_open(Database db) throws Exception {
        try (App app = App.start(new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD),
                true, TestApp.DEMO_PASSWORD), db)) {
            WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            String events = "/records/" + firstRecord(alice) + "/events?version=1&mode=viewing";

            // As stopping does, before the server stops taking requests: a page reconnecting
            // meanwhile must not get a stream that nothing will ever close.
            app.live().close();

            try (EventStream late = alice.events(events)) {
                assertThat(late.status()).isEqualTo(503);
            }
        }
    }

    private static long firstRecord(WebClient alice) {
        Matcher link = Pattern.compile("href=\"/records/(\\d+)\"").matcher(alice.get("/collections/inventory").body());
        assertThat(link.find()).as("the demo collection has a record").isTrue();
        return Long.parseLong(link.group(1));
    }
}
