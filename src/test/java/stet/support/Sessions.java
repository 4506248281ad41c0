package stet.support;

import org.jooq.DSLContext;

/** Login sessions made straight in the database, for tests that take leases in a session's name. */
public final class Sessions {

    private Sessions() {}

    /** A session {@code id} of user {@code userId} that lasts an hour (a lease is taken only for a session that exists). */
    public static String open(DSLContext sql, long userId, String id) {
        sql.execute("insert into app_session (id, user_id, csrf_token, expires_at) values (?, ?, 'csrf', now() + interval '1 hour')"
                + " on conflict (id) do nothing", id, userId);
        return id;
    }
}
