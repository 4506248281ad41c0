package stet.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's EventSource: reads a {@code text/event-stream} answer line by line and queues
 * each event ({@code event:} name, {@code data:} parsed as JSON) for the test to take, with
 * a deadline. Comments (heartbeats) are skipped. Closing it drops the
 * connection, as a browser does when its page is left.
 */
public final class EventStream implements AutoCloseable {

    /** One event as the server sent it. */
    public record Event(String name, JsonNode data) {

        public String text(String field) {
            JsonNode value = data.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final int status;
    private volatile Flow.Subscription subscription;

    /** Opens {@code uri} with the cookies of {@code cookies}; returns once the answer's headers arrived. */
    static EventStream open(URI uri, CookieHandler cookies) {
        return new EventStream(uri, cookies);
    }

    private EventStream(URI uri, CookieHandler cookies) {
        // A client of its own: the stream holds its connection until closed.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        try {
            status = http.sendAsync(request, info -> new Streaming(HttpResponse.BodySubscribers.fromLineSubscriber(
                            new Lines(), lines -> null, StandardCharsets.UTF_8, null)))
                    .get(CONNECT.toMillis(), TimeUnit.MILLISECONDS)
                    .statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + uri, e);
        }
    }

    /** The answer's HTTP status. */
    public int status() {
        return status;
    }

    /** The next event named {@code name}, skipping others; fails when none arrives within {@code limit}. */
    public Event next(String name, Duration limit) {
        return next(e -> e.name().equals(name), limit, "a '" + name + "' event");
    }

    /**
     * The next event named {@code name} that {@code matches}, skipping the others (earlier
     * states the test does not wait for); fails when none arrives within {@code limit}.
     */
    public Event next(String name, Predicate<Event> matches, Duration limit) {
        return next(e -> e.name().equals(name) && matches.test(e), limit, "a matching '" + name + "' event");
    }

    private Event next(Predicate<Event> wanted, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Event> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no " + what + " within " + limit.toMillis() + " ms; skipped " + skipped
                            + (ended.isDone() ? " (the stream has ended)" : ""));
                }
                if (wanted.test(event)) {
                    return event;
                }
                skipped.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events that arrived and were not taken yet, without waiting. */
    public List<Event> drain() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    /** Whether the server ended the stream (or the connection broke). */
    public boolean hasEnded() {
        return ended.isDone();
    }

    /** Waits until the server ends the stream (or the connection breaks); fails when it is still open after {@code limit}. */
    public void awaitEnd(Duration limit) {
        try {
            ended.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stream was still open after " + limit.toMillis() + " ms; not taken: " + drain());
        } catch (java.util.concurrent.ExecutionException e) {
            // Ended by a broken connection: ended all the same.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops the connection, as a browser does when its page is left. */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        ended.complete(null);
    }

    /**
     * The line subscriber, with a body that is there as soon as the headers are: the
     * answer of a stream never completes, and the test reads it while it goes on.
     */
    private record Streaming(HttpResponse.BodySubscriber<Void> lines) implements HttpResponse.BodySubscriber<Void> {

        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedStage(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            lines.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            lines.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            lines.onError(error);
        }

        @Override
        public void onComplete() {
            lines.onComplete();
        }
    }

    /** Parses the lines of the stream: {@code event:} and {@code data:} lines, an empty line ends an event. */
    private final class Lines implements Flow.Subscriber<String> {
        private String name;
        private final StringBuilder data = new StringBuilder();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (name != null || data.length() > 0) {
                    events.add(new Event(name == null ? "message" : name, parse(data.toString())));
                }
                name = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring("data:".length()).strip());
            }
            // Comments (": alive") and ids are not events.
        }

        @Override
        public void onError(Throwable error) {
            ended.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }

        private JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("an event's data is not JSON: " + text, e);
            }
        }
    }
}
