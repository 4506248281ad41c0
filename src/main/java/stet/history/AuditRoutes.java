package stet.history;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import stet.auth.UserService;
import stet.lease.LeaseService;
import stet.error.BadRequestException;
import stet.record.Revision;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.web.Forms;
import stet.web.Views;

/**
 * The admin's audit log: every change to every record, newest first, filtered by user,
 * collection, kind and day (UTC), paged by keyset. A page is one query, titles included.
 */
final class AuditRoutes {

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** How many of the latest lease breaks the log shows. */
    static final int LEASE_BREAKS = 20;

    private final AuditStore audit;
    private final CollectionService collections;
    private final UserService users;
    private final LeaseService leases;

    AuditRoutes(AuditStore audit, CollectionService collections, UserService users, LeaseService leases) {
        this.leases = leases;
        this.audit = audit;
        this.collections = collections;
        this.users = users;
    }

    void show(Context ctx) {
        Map<String, String> input = new HashMap<>();
        for (String name : List.of("user", "collection", "kind", "from", "to")) {
            input.put(name, ctx.queryParam(name) == null ? "" : ctx.queryParam(name).trim());
        }
        AuditStore.Filter filter = new AuditStore.Filter(
                input.get("user").isEmpty() ? null : Forms.queryLong(ctx, "user").orElse(null),
                input.get("collection").isEmpty() ? null : collections.get(input.get("collection")).id(),
                input.get("kind").isEmpty() ? null : kind(input.get("kind")),
                day(input.get("from"), "from", 0),
                day(input.get("to"), "to", 1),
                cursor(ctx.queryParam("after")));
        List<Collection> all = collections.all();
        Map<Long, Collection> byId = new HashMap<>();
        Map<Long, String> titleFields = new HashMap<>();
        for (Collection c : all) {
            byId.put(c.id(), c);
            c.titleField().ifPresent(f -> titleFields.put(c.id(), f.key()));
        }
        List<AuditEntry> page = audit.page(filter, titleFields, HistoryRoutes.PAGE_SIZE + 1);
        boolean more = page.size() > HistoryRoutes.PAGE_SIZE;
        List<AuditEntry> shown = more ? page.subList(0, HistoryRoutes.PAGE_SIZE) : page;
        Map<String, Object> model = new HashMap<>();
        model.put("entries", AuditRows.of(shown, byId, Instant.now()));
        model.put("input", input);
        model.put("users", users.all());
        model.put("collections", all);
        model.put("kinds", Arrays.stream(Revision.Kind.values()).map(Revision.Kind::dbName).toList());
        model.put("next", more ? shown.get(shown.size() - 1).cursor() : null);
        model.put("first", filter.after() == null);
        // Breaks are rare: the latest are shown above the changes, on the first page only.
        model.put("breaks", filter.after() == null ? LeaseBreakRows.of(leases.breaks(LEASE_BREAKS), Instant.now()) : List.of());
        Views.page(ctx, "history/audit", model);
    }

    private static Revision.Kind kind(String value) {
        try {
            return Revision.Kind.fromDb(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Unknown kind of change '" + value + "'.");
        }
    }

    /** A day as the start of that day (UTC), plus {@code plusDays}: "to" includes its whole day. */
    private static OffsetDateTime day(String value, String name, int plusDays) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            // Four-digit years only: LocalDate also reads "+999999999-01-01", which PostgreSQL cannot hold.
            if (DAY.matcher(value).matches()) {
                LocalDate day = LocalDate.parse(value);
                if (day.getYear() >= 1) {
                    return day.plusDays(plusDays).atStartOfDay().atOffset(ZoneOffset.UTC);
                }
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new BadRequestException("'" + name + "' must be a date as YYYY-MM-DD.");
    }

    private static AuditStore.Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split("~");
        try {
            OffsetDateTime time = OffsetDateTime.parse(parts[0]);
            // The cursor is a time stet wrote; one outside the years PostgreSQL holds was made up.
            if (time.getYear() >= 1 && time.getYear() <= 9999) {
                return new AuditStore.Cursor(time, Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new BadRequestException("The page cursor 'after' is not valid; start from the first page.");
    }
}
