package stet.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import stet.auth.Role;
import stet.error.ForbiddenException;

/** {@code GET /metrics}: the Prometheus text, for the machine itself or a caller with the token. */
public final class MetricsRoutes {

    private final Monitoring monitoring;
    private final MetricsAccess access;

    public MetricsRoutes(Monitoring monitoring, MetricsAccess access) {
        this.monitoring = monitoring;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        // Public to the session check: a scraper has no session; MetricsAccess decides instead.
        routes.get("/metrics", this::metrics, Role.PUBLIC);
    }

    private void metrics(Context ctx) {
        switch (access.decide(ctx.req().getRemoteAddr(), ctx::header)) {
            case ALLOWED:
                ctx.contentType(Monitoring.CONTENT_TYPE).result(monitoring.scrape());
                return;
            case UNAUTHORIZED:
                ctx.header("WWW-Authenticate", "Bearer realm=\"stet metrics\"");
                throw new UnauthorizedResponse("The metrics need the bearer token set in STET_METRICS_TOKEN.");
            default:
                throw new ForbiddenException("The metrics are served only to this machine: set STET_METRICS_TOKEN to"
                        + " read them from elsewhere with a bearer token.");
        }
    }
}
