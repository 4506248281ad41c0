package stet.live;

import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.PRESENCE;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Who has a record's page open (V16): one row per open event stream, on any node, kept
 * alive by its node and swept by any node once it has expired.
 */
public final class PresenceStore {

    /** How long a row lives without being renewed: three of a node's renewals. */
    static final int LIFETIME_SECONDS = 60;

    /** One open page: who, and whether it is the edit form. */
    public record Present(UUID streamId, long userId, String name, boolean editing) {}

    private final DSLContext dsl;

    public PresenceStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(UUID streamId, long recordId, long userId, boolean editing) {
        dsl.insertInto(PRESENCE)
                .set(PRESENCE.STREAM_ID, streamId)
                .set(PRESENCE.RECORD_ID, recordId)
                .set(PRESENCE.USER_ID, userId)
                .set(PRESENCE.EDITING, editing)
                .set(PRESENCE.EXPIRES_AT, expiry())
                .execute();
    }

    public void delete(Collection<UUID> streamIds) {
        if (!streamIds.isEmpty()) {
            dsl.deleteFrom(PRESENCE).where(PRESENCE.STREAM_ID.in(streamIds)).execute();
        }
    }

    /** Keeps a node's open streams present (one statement for all of them). */
    public void renew(Collection<UUID> streamIds) {
        if (!streamIds.isEmpty()) {
            dsl.update(PRESENCE).set(PRESENCE.EXPIRES_AT, expiry()).where(PRESENCE.STREAM_ID.in(streamIds)).execute();
        }
    }

    /** Drops the rows no node renews any more (a node that stopped without closing its streams). */
    public int sweep() {
        return dsl.deleteFrom(PRESENCE).where(PRESENCE.EXPIRES_AT.lt(DSL.currentOffsetDateTime())).execute();
    }

    /** Everyone present on a record now. */
    public List<Present> on(long recordId) {
        return dsl.select(PRESENCE.STREAM_ID, PRESENCE.USER_ID, APP_USER.DISPLAY_NAME, PRESENCE.EDITING)
                .from(PRESENCE)
                .join(APP_USER).on(APP_USER.ID.eq(PRESENCE.USER_ID))
                .where(PRESENCE.RECORD_ID.eq(recordId).and(PRESENCE.EXPIRES_AT.gt(DSL.currentOffsetDateTime())))
                .fetch(r -> new Present(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    private static org.jooq.Field<java.time.OffsetDateTime> expiry() {
        return DSL.field("now() + make_interval(secs => {0})", java.time.OffsetDateTime.class, DSL.inline(LIFETIME_SECONDS));
    }
}
