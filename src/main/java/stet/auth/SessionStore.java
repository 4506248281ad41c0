package stet.auth;

import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import stet.db.RenderedSql;

/**
 * Login sessions, kept in PostgreSQL so that any node can serve any request. The
 * browser holds a random token; the table holds only its SHA-256. Sessions expire after
 * {@link #IDLE} without use; the expiry is pushed forward at most once per
 * {@link #REFRESH_AFTER}, so an ordinary request costs one read, and never past
 * {@link #MAX_AGE} after the login: a stolen cookie kept busy still dies.
 */
public final class SessionStore {

    /** A live session: who it belongs to and the CSRF token its forms carry. */
    public record Session(String tokenHash, User user, String csrfToken, OffsetDateTime expiresAt) {}

    static final Duration IDLE = Duration.ofHours(12);
    /** However active, a session ends this long after its login. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    static final Duration REFRESH_AFTER = Duration.ofHours(1);

    /** What {@link #find} reads: the user with the session's CSRF token, expiry and login time. */
    private static final List<Field<?>> FIND_COLUMNS = List.of(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME,
            APP_USER.ROLE, APP_SESSION.CSRF_TOKEN, APP_SESSION.EXPIRES_AT, APP_SESSION.CREATED_AT);

    private final DSLContext dsl;
    private final SecureRandom random = new SecureRandom();
    /**
     * {@link #find}'s statement, rendered once: every request reads its session, and
     * rendering the query each time cost more of the node's CPU than running it.
     */
    private final RenderedSql findStatement;

    public SessionStore(DSLContext dsl) {
        this.dsl = dsl;
        this.findStatement = RenderedSql.of(dsl, dsl.select(FIND_COLUMNS)
                .from(APP_SESSION)
                .join(APP_USER).on(APP_USER.ID.eq(APP_SESSION.USER_ID))
                .where(APP_SESSION.ID.eq(RenderedSql.param(0, APP_SESSION.ID))
                        .and(APP_SESSION.EXPIRES_AT.gt(RenderedSql.param(1, APP_SESSION.EXPIRES_AT)))
                        .and(APP_SESSION.CREATED_AT.gt(RenderedSql.param(2, APP_SESSION.CREATED_AT)))));
    }

    /** A new session: the token for the cookie and the CSRF token its forms carry. */
    public record Created(String token, String csrfToken) {}

    /**
     * Starts a session of user {@code userId} if {@code passwordHash}, the hash their password
     * was checked against, is still theirs; empty when a password reset has replaced it since.
     *
     * <p>One statement, so that a reset cannot slip in between the check and the insert: the
     * user's row is locked {@code FOR SHARE}, which the reset's {@code UPDATE} conflicts with
     * ({@code FOR KEY SHARE}, all the foreign key takes, does not). A reset that updated the row
     * first makes this wait for its commit and re-check the row, now with the new hash: nothing
     * is inserted. One that comes after waits for this insert's commit, and its {@code DELETE}
     * of the user's sessions, a later statement, sees the session and ends it.
     */
    public Optional<Created> create(long userId, String passwordHash) {
        Created created = new Created(randomToken(), randomToken());
        int inserted = dsl.insertInto(APP_SESSION,
                        APP_SESSION.ID, APP_SESSION.USER_ID, APP_SESSION.CSRF_TOKEN, APP_SESSION.EXPIRES_AT)
                .select(DSL.select(DSL.val(hash(created.token()), APP_SESSION.ID), APP_USER.ID,
                                DSL.val(created.csrfToken(), APP_SESSION.CSRF_TOKEN),
                                DSL.val(OffsetDateTime.now(ZoneOffset.UTC).plus(IDLE), APP_SESSION.EXPIRES_AT))
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(userId).and(APP_USER.PASSWORD_HASH.eq(passwordHash)))
                        .forShare())
                .execute();
        return inserted == 1 ? Optional.of(created) : Optional.empty();
    }

    public Optional<Session> find(String token) {
        String id = hash(token);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // The id, live now, logged in within MAX_AGE; the columns in the order of FIND_COLUMNS.
        Optional<Found> found = findStatement.fetchOptional(dsl, row -> new Found(
                new Session(id, new User(row.getLong(1), row.getString(2), row.getString(3), Role.fromDb(row.getString(4))),
                        row.getString(5), RenderedSql.time(row, 6)),
                RenderedSql.time(row, 7)), id, now, now.minus(MAX_AGE));
        found.ifPresent(f -> {
            // Pushed forward while in use, but never past MAX_AGE after the login.
            OffsetDateTime expires = f.session().expiresAt();
            OffsetDateTime end = min(now.plus(IDLE), f.createdAt().plus(MAX_AGE));
            if (expires.isBefore(now.plus(IDLE).minus(REFRESH_AFTER)) && end.isAfter(expires)) {
                dsl.update(APP_SESSION).set(APP_SESSION.EXPIRES_AT, end).where(APP_SESSION.ID.eq(id)).execute();
            }
        });
        return found.map(Found::session);
    }

    private record Found(Session session, OffsetDateTime createdAt) {}

    /**
     * Which of the sessions {@code ids} (each a {@link Session#tokenHash}) are live now, by the
     * rule of {@link #find}: one query for all of them, however many (the ids go as one array).
     */
    public Set<String> live(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return dsl.select(APP_SESSION.ID)
                .from(APP_SESSION)
                .where(APP_SESSION.ID.eq(DSL.any(ids.toArray(String[]::new)))
                        .and(APP_SESSION.EXPIRES_AT.gt(now))
                        .and(APP_SESSION.CREATED_AT.gt(now.minus(MAX_AGE))))
                .fetchSet(APP_SESSION.ID);
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    public void delete(String token) {
        dsl.deleteFrom(APP_SESSION).where(APP_SESSION.ID.eq(hash(token))).execute();
    }

    /** Removes expired sessions; cheap thanks to the index on expires_at. */
    public int deleteExpired() {
        return dsl.deleteFrom(APP_SESSION).where(APP_SESSION.EXPIRES_AT.le(OffsetDateTime.now(ZoneOffset.UTC))).execute();
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
