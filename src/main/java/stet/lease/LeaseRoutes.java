package stet.lease;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;
import stet.auth.Authentication;
import stet.auth.Role;
import stet.auth.User;
import stet.error.BadRequestException;
import stet.schema.Leasing;
import stet.web.Flash;
import stet.web.Forms;

/**
 * The lease routes an edit form's script calls: take or renew ({@code POST
 * /records/{id}/lease}, JSON), release on leaving ({@code …/lease/release}, sent as a
 * beacon) and an admin's break ({@code …/lease/break}, a form).
 */
public final class LeaseRoutes {

    private final LeaseService leases;
    private final LongFunction<Leasing> leasingOfLiveRecord;

    /** {@code leasingOfLiveRecord}: the leasing of a live record's collection; 404 for a missing or deleted record. */
    public LeaseRoutes(LeaseService leases, LongFunction<Leasing> leasingOfLiveRecord) {
        this.leases = leases;
        this.leasingOfLiveRecord = leasingOfLiveRecord;
    }

    public void register(RoutesConfig routes) {
        routes.post("/records/{id}/lease", this::take, Role.EDITOR);
        routes.post("/records/{id}/lease/release", this::release, Role.EDITOR);
        routes.post("/records/{id}/lease/break", this::breakLease, Role.ADMIN);
    }

    /** 200 with the user's lease, or 409 with whose it is: at once, never waiting. */
    private void take(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        Leasing leasing = leasingOfLiveRecord.apply(id);
        User me = Authentication.user(ctx);
        leases.take(id, leasing, me, Authentication.sessionId(ctx)).accept(new LeaseService.Visitor<Void>() {
            @Override
            public Void taken(LeaseService.Taken taken) {
                ctx.status(HttpStatus.OK).json(describe(taken.lease(), true, leasing));
                return null;
            }

            @Override
            public Void heldByOther(LeaseService.HeldByOther held) {
                ctx.status(HttpStatus.CONFLICT).json(describe(held.lease(), false, leasing));
                return null;
            }

            @Override
            public Void contended(LeaseService.Contended contended) {
                ctx.header("Retry-After", "1");
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("held", false,
                        "error", "The lease kept changing hands; try again in a moment."));
                return null;
            }
        });
    }

    private void release(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        leases.releaseLeaving(id, Authentication.user(ctx), Authentication.sessionId(ctx), upTo(ctx.formParam("expires")),
                stream(ctx.formParam("stream")));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void breakLease(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        Leasing leasing = leasingOfLiveRecord.apply(id);
        LeaseService.Break result = leases.breakLease(id, leasing, Authentication.user(ctx), Authentication.sessionId(ctx));
        String told = switch (result.kind()) {
            case BROKEN -> "You broke the lease " + result.lease().holderName()
                    + " held; their page has been told. You hold it now.";
            case ALREADY_YOURS -> "You hold the lease on this record already: there was nobody else's to break.";
            case NONE_LIVE -> "Nobody holds the lease on this record now.";
        };
        if (result.kind() == LeaseService.Break.Kind.BROKEN) {
            Flash.success(ctx, told);
        } else {
            Flash.info(ctx, told);
        }
        ctx.redirect("/records/" + id + "/edit", HttpStatus.SEE_OTHER);
    }

    /** The optional {@code stream} of a release: the leaving page's event stream, as its {@code stream} event named it. */
    private static UUID stream(String stream) {
        if (stream == null || stream.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(stream.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("stream must be the id the page's event stream gave it.");
        }
    }

    /** The optional {@code expires} of a release: the expiry the page last saw (ISO-8601, as the lease JSON gives it). */
    private static OffsetDateTime upTo(String expires) {
        if (expires == null || expires.isBlank()) {
            return null;
        }
        OffsetDateTime time;
        try {
            // As UTC: PostgreSQL takes offsets of up to 15:59, ISO-8601 up to 18:00.
            time = OffsetDateTime.parse(expires.strip()).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("expires must be a time as the lease gave it, e.g. 2026-11-26T14:12:00Z.");
        }
        // Years PostgreSQL's timestamps hold are far wider, but no lease ends outside these.
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new BadRequestException("expires must be a time as the lease gave it, e.g. 2026-11-26T14:12:00Z;"
                    + " year " + time.getYear() + " is not one.");
        }
        return time;
    }

    static Map<String, Object> describe(Lease lease, boolean mine, Leasing leasing) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("held", mine);
        body.put("holder", lease.holderName());
        body.put("since", lease.takenAt().toString());
        body.put("expires", lease.expiresAt().toString());
        body.put("exclusive", leasing.exclusive());
        return body;
    }
}
