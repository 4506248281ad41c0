package stet.live;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.sse.SseHandler;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.error.BadRequestException;
import stet.record.RecordService;
import stet.record.StoredRecord;
import stet.web.Forms;

/**
 * {@code GET /records/{id}/events?version={v}&mode=editing|viewing}: a record page's
 * server-sent events ({@code saved}, {@code deleted}, {@code lease}, {@code presence}),
 * checked like any page (login, role) before the stream opens, and closed when its session ends.
 */
public final class EventRoutes {

    /** Each open stream's output buffer; a larger event is written through it unbuffered. */
    static final int STREAM_BUFFER_BYTES = 2048;
    /** When a page refused for a full node may try again. */
    static final int FULL_RETRY_SECONDS = 30;

    private final RecordService records;
    private final LiveHub hub;

    public EventRoutes(RecordService records, LiveHub hub) {
        this.records = records;
        this.hub = hub;
    }

    public void register(RoutesConfig routes) {
        routes.get("/records/{id}/events", this::events, Role.EDITOR);
    }

    private void events(Context ctx) throws Exception {
        StoredRecord record = records.get(Forms.pathId(ctx, "id"));
        long known = Forms.queryLong(ctx, "version").orElse((long) record.version());
        if (known < 0 || known > Integer.MAX_VALUE) {
            throw new BadRequestException("The query parameter 'version' must be a version of the record.");
        }
        int version = (int) known;
        String mode = ctx.queryParam("mode");
        if (mode != null && !mode.equals("editing") && !mode.equals("viewing")) {
            throw new BadRequestException("mode must be editing or viewing.");
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // SseHandler would answer anything else with an empty 200.
            throw new BadRequestException("This address is an event stream: ask for it with Accept: text/event-stream.");
        }
        if (hub.isClosed()) {
            ctx.header("Retry-After", "1");
            throw new ServiceUnavailableResponse("This node is stopping; this page will not be told of changes here."
                    + " Load it again for them.");
        }
        if (!hub.admitsAnother()) {
            // The page works without its live updates; the node keeps its connections for pages and saves.
            ctx.header("Retry-After", String.valueOf(FULL_RETRY_SECONDS));
            throw new ServiceUnavailableResponse("This node has as many live pages open as it takes ("
                    + hub.maxStreams() + "); this page will not be told of changes. Load it again later for them.");
        }
        if (ctx.method() == HandlerType.HEAD) {
            // What a stream's answer would be, without the stream: Jetty drops a HEAD's body, so
            // one opened here would never see its client leave, and would be kept for good.
            ctx.contentType("text/event-stream;charset=utf-8").header("Cache-Control", "no-cache");
            return;
        }
        User me = Authentication.user(ctx);
        // Jetty holds a response's output buffer (32 KB by default, direct memory) for as long
        // as the response is open: for a stream, its whole life. Events are a few hundred bytes.
        ctx.res().setBufferSize(STREAM_BUFFER_BYTES);
        String session = Authentication.sessionId(ctx);
        new SseHandler(client -> hub.open(client, record, me, session, "editing".equals(mode), version)).handle(ctx);
    }
}
