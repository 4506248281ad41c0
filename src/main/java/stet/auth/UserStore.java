package stet.auth;

import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** Users and their password hashes (and, when a password is reset, what the old one let in). */
public final class UserStore {

    /** A user with the hash to check a password against. */
    public record Credentials(User user, String passwordHash) {}

    /** Thrown when a username is taken. */
    public static final class DuplicateUsernameException extends RuntimeException {
        public DuplicateUsernameException(String username) {
            super("The username '" + username + "' is already taken.");
        }
    }

    /** Thrown when a change would leave stet without an admin (the database refuses it). */
    public static final class LastAdminException extends RuntimeException {
        public LastAdminException() {
            super("The last admin cannot be made an editor.");
        }
    }

    /** Thrown when another change of admins is being written at this moment; nothing was changed. */
    public static final class AdminsBusyException extends RuntimeException {
        public AdminsBusyException() {
            super("Another admin's role is being changed at this moment. Nothing was changed; try again.");
        }
    }

    /** Raised by the app_user_keep_an_admin trigger (V4__login_throttle.sql). */
    private static final String LAST_ADMIN = "ST001";
    /** lock_not_available: the trigger's advisory lock is held by another demotion. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final DSLContext dsl;

    public UserStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Credentials> credentials(String username) {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE, APP_USER.PASSWORD_HASH)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOptional(r -> new Credentials(
                        new User(r.value1(), r.value2(), r.value3(), Role.fromDb(r.value4())), r.value5()));
    }

    public Optional<User> find(long id) {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE)
                .from(APP_USER)
                .where(APP_USER.ID.eq(id))
                .fetchOptional(UserStore::toUser);
    }

    public Optional<User> findByUsername(String username) {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOptional(UserStore::toUser);
    }

    public List<User> all() {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE)
                .from(APP_USER)
                .orderBy(APP_USER.USERNAME)
                .fetch(UserStore::toUser);
    }

    public User create(String username, String displayName, Role role, String passwordHash) {
        try {
            long id = dsl.insertInto(APP_USER)
                    .set(APP_USER.USERNAME, username)
                    .set(APP_USER.DISPLAY_NAME, displayName)
                    .set(APP_USER.ROLE, role.dbName())
                    .set(APP_USER.PASSWORD_HASH, passwordHash)
                    .returning(APP_USER.ID)
                    .fetchSingle(APP_USER.ID);
            return new User(id, username, displayName, role);
        } catch (IntegrityConstraintViolationException e) {
            throw new DuplicateUsernameException(username);
        }
    }

    /**
     * Sets a user's role. The database keeps at least one admin, also against a
     * concurrent demotion, and says so with {@link LastAdminException} or
     * {@link AdminsBusyException}.
     */
    public boolean setRole(long userId, Role role) {
        try {
            return dsl.update(APP_USER).set(APP_USER.ROLE, role.dbName()).where(APP_USER.ID.eq(userId)).execute() == 1;
        } catch (DataAccessException e) {
            if (LAST_ADMIN.equals(e.sqlState())) {
                throw new LastAdminException();
            }
            if (LOCK_NOT_AVAILABLE.equals(e.sqlState())) {
                throw new AdminsBusyException();
            }
            throw e;
        }
    }

    /**
     * Resets a user's password and, in the same transaction, shuts out whoever got in with
     * the old one: the user's sessions end (on every node, and their live event streams with
     * them) and their API tokens are revoked. A reset may follow a leak, and a token minted
     * with a leaked password would otherwise outlive it.
     */
    public void resetPassword(long userId, String passwordHash) {
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, passwordHash).where(APP_USER.ID.eq(userId)).execute();
            tx.deleteFrom(APP_SESSION).where(APP_SESSION.USER_ID.eq(userId)).execute();
            // Revoked by nobody: the reset did it (revoked_by names a user who revoked one by hand).
            tx.update(API_TOKEN)
                    .set(API_TOKEN.REVOKED_AT, DSL.currentOffsetDateTime())
                    .where(API_TOKEN.USER_ID.eq(userId).and(API_TOKEN.REVOKED_AT.isNull()))
                    .execute();
        });
    }

    private static User toUser(Record4<Long, String, String, String> r) {
        return new User(r.value1(), r.value2(), r.value3(), Role.fromDb(r.value4()));
    }
}
