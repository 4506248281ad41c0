package stet.metrics;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.auth.Authentication;

/**
 * One log line and one latency sample per request. Each request gets an id, the
 * caller's own {@code X-Request-Id} when it is a sane one, else a new one, and is
 * answered with it. The line names the route template (as {@code /records/{id}}),
 * never the path, the query or the form, which may hold what users typed; the same
 * template labels the latency histogram, so its series stay few however many records
 * there are.
 */
public final class RequestLog {

    public static final String HEADER = "X-Request-Id";

    /** The logger a production node writes its request lines to. */
    public static final String LOGGER = "stet.request";

    /** The route label of a request that no route matched (a 404, or one refused before matching). */
    static final String UNMATCHED = "unmatched";

    /** Latency buckets from a fast page to the longest a request should ever take. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    /**
     * The methods a request is counted and logged under by name; any other (Jetty takes any
     * token as a method) is {@value #OTHER_METHOD}, so invented methods can neither grow the
     * series without end nor write what they like into the log.
     */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    static final String OTHER_METHOD = "other";

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ATTRIBUTE = "stet.requestId";

    /** Where the lines go: the {@value #LOGGER} logger in production, a list in tests. */
    @FunctionalInterface
    public interface Sink {
        void write(String line);
    }

    private final Meter.MeterProvider<Timer> latency;
    /**
     * The latency timers by method, route and status: Micrometer's lookup builds, sorts and
     * hashes the tags on every call (3–5% of a page's CPU in the profile); the series are few.
     */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final String staticPath;
    private final Sink sink;

    /**
     * @param staticPath the path static files are served under (as {@code /static}); they are
     *     timed together as {@code /static/*}
     */
    public RequestLog(MeterRegistry registry, String staticPath, Sink sink) {
        this.latency = Timer.builder("stet.http.requests")
                .description("HTTP requests by method, route template and status")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .withRegistry(registry);
        this.staticPath = staticPath + "/";
        this.sink = sink;
    }

    /** The lines as a production node writes them: to SLF4J at INFO. */
    public static Sink toSlf4j() {
        Logger log = LoggerFactory.getLogger(LOGGER);
        return log::info;
    }

    /** The first {@code before} handler: names the request, before anything can refuse it. */
    public void begin(Context ctx) {
        String id = requestId(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** Javalin's request logger: runs once the response is complete, whatever happened. */
    public void finish(Context ctx, Float millis) {
        String id = ctx.attribute(ATTRIBUTE);
        String route = route(ctx);
        int status = ctx.statusCode();
        String method = method(ctx.req().getMethod());
        timers.computeIfAbsent(method + ' ' + route + ' ' + status,
                        key -> latency.withTags("method", method, "route", route, "status", Integer.toString(status)))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
        String user = Authentication.optionalUser(ctx).map(u -> Long.toString(u.id())).orElse("-");
        sink.write(line(id == null ? requestId(null) : id, method, route, status, millis, user));
    }

    /**
     * The line for one request; nothing in it comes from the path, the query or the body.
     * Built by hand: {@code String.format} would cost more than the rest of the bookkeeping.
     */
    static String line(String id, String method, String route, int status, float millis, String user) {
        long tenths = Math.round(millis * 10.0);
        return new StringBuilder(96).append("id=").append(id).append(" method=").append(method)
                .append(" route=").append(route).append(" status=").append(status)
                .append(" ms=").append(tenths / 10).append('.').append(tenths % 10)
                .append(" user=").append(user).toString();
    }

    /** The method's name when it is one of the {@link #KNOWN_METHODS}, else {@value #OTHER_METHOD}. */
    static String method(String name) {
        return KNOWN_METHODS.contains(name) ? name : OTHER_METHOD;
    }

    /** The caller's id when it is short and plain (so it cannot forge log lines), else a new one. */
    static String requestId(String offered) {
        if (offered != null && SANE_ID.matcher(offered).matches()) {
            return offered;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    private String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        return ctx.statusCode() < 400 && ctx.path().startsWith(staticPath) ? staticPath + "*" : UNMATCHED;
    }
}
