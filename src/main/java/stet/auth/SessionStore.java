package stet.auth;

import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record7;

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

    private final DSLContext dsl;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A new session: the token for the cookie and the CSRF token its forms carry. */
    public record Created(String token, String csrfToken) {}

    public Created create(long userId) {
        Created created = new Created(randomToken(), randomToken());
        dsl.insertInto(APP_SESSION)
                .set(APP_SESSION.ID, hash(created.token()))
                .set(APP_SESSION.USER_ID, userId)
                .set(APP_SESSION.CSRF_TOKEN, created.csrfToken())
                .set(APP_SESSION.EXPIRES_AT, OffsetDateTime.now().plus(IDLE))
                .execute();
        return created;
    }

    public Optional<Session> find(String token) {
        String id = hash(token);
        OffsetDateTime now = OffsetDateTime.now();
        Optional<Record7<Long, String, String, String, String, OffsetDateTime, OffsetDateTime>> row = dsl.select(
                        APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE,
                        APP_SESSION.CSRF_TOKEN, APP_SESSION.EXPIRES_AT, APP_SESSION.CREATED_AT)
                .from(APP_SESSION)
                .join(APP_USER).on(APP_USER.ID.eq(APP_SESSION.USER_ID))
                .where(APP_SESSION.ID.eq(id)
                        .and(APP_SESSION.EXPIRES_AT.gt(now))
                        .and(APP_SESSION.CREATED_AT.gt(now.minus(MAX_AGE))))
                .fetchOptional();
        row.ifPresent(r -> {
            // Pushed forward while in use, but never past MAX_AGE after the login.
            OffsetDateTime end = min(now.plus(IDLE), r.value7().plus(MAX_AGE));
            if (r.value6().isBefore(now.plus(IDLE).minus(REFRESH_AFTER)) && end.isAfter(r.value6())) {
                dsl.update(APP_SESSION).set(APP_SESSION.EXPIRES_AT, end).where(APP_SESSION.ID.eq(id)).execute();
            }
        });
        return row.map(r -> new Session(
                id, new User(r.value1(), r.value2(), r.value3(), Role.fromDb(r.value4())), r.value5(), r.value6()));
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    public void delete(String token) {
        dsl.deleteFrom(APP_SESSION).where(APP_SESSION.ID.eq(hash(token))).execute();
    }

    /** Removes expired sessions; cheap thanks to the index on expires_at. */
    public int deleteExpired() {
        return dsl.deleteFrom(APP_SESSION).where(APP_SESSION.EXPIRES_AT.le(OffsetDateTime.now())).execute();
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
