package stet.auth;

import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record6;
import org.jooq.Select;
import org.jooq.SelectOnConditionStep;
import org.jooq.SelectSelectStep;
import org.jooq.impl.DSL;

/** Personal API tokens (table api_token), with their owners; secrets only as SHA-256. */
final class ApiTokenStore {

    /** A token found by its secret, with what decides whether it still works. */
    record Found(Bearer bearer, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {}

    /** What a list shows of a token and its owner. */
    private static final List<Field<?>> LISTED = List.of(API_TOKEN.ID, API_TOKEN.NAME, API_TOKEN.SCOPE,
            API_TOKEN.CREATED_AT, API_TOKEN.EXPIRES_AT, API_TOKEN.LAST_USED_AT, API_TOKEN.REVOKED_AT, APP_USER.ID,
            APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE);

    private final DSLContext dsl;

    ApiTokenStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Inserts a token of user {@code userId} and returns its id. With {@code sessionId} (the
     * session asking for it), only while that session of the user exists: empty when it has
     * ended, and then nothing is inserted.
     *
     * <p>One statement, so that a password reset cannot end the session between the check and
     * the insert: the session's row is locked {@code FOR KEY SHARE}, which the reset's
     * {@code DELETE} of the user's sessions conflicts with. A reset that deleted it first makes
     * this wait for its commit and find the row gone: nothing is inserted. One that comes after
     * waits for this insert's commit, and its revocation of the user's tokens, a later
     * statement, sees the token and revokes it.
     */
    Optional<Long> insert(Optional<String> sessionId, long userId, String name, TokenScope scope, String secretHash,
            OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        SelectSelectStep<Record6<Long, String, String, String, OffsetDateTime, OffsetDateTime>> values = DSL.select(
                DSL.val(userId, API_TOKEN.USER_ID), DSL.val(name, API_TOKEN.NAME), DSL.val(scope.dbName(), API_TOKEN.SCOPE),
                DSL.val(secretHash, API_TOKEN.SECRET_HASH), DSL.val(createdAt, API_TOKEN.CREATED_AT),
                DSL.val(expiresAt, API_TOKEN.EXPIRES_AT));
        Select<Record6<Long, String, String, String, OffsetDateTime, OffsetDateTime>> row = sessionId.isEmpty() ? values
                : values.from(APP_SESSION)
                        .where(APP_SESSION.ID.eq(sessionId.get()).and(APP_SESSION.USER_ID.eq(userId)))
                        .forKeyShare();
        return dsl.insertInto(API_TOKEN, API_TOKEN.USER_ID, API_TOKEN.NAME, API_TOKEN.SCOPE, API_TOKEN.SECRET_HASH,
                        API_TOKEN.CREATED_AT, API_TOKEN.EXPIRES_AT)
                .select(row)
                .returning(API_TOKEN.ID)
                .fetchOptional(API_TOKEN.ID);
    }

    /** One query, on the unique index of secret_hash: every API request runs it. */
    Optional<Found> findBySecretHash(String secretHash) {
        return dsl.select(API_TOKEN.ID, API_TOKEN.SCOPE, API_TOKEN.EXPIRES_AT, API_TOKEN.LAST_USED_AT,
                        API_TOKEN.REVOKED_AT, APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.ROLE)
                .from(API_TOKEN)
                .join(APP_USER).on(APP_USER.ID.eq(API_TOKEN.USER_ID))
                .where(API_TOKEN.SECRET_HASH.eq(secretHash))
                .fetchOptional(r -> new Found(
                        new Bearer(r.get(API_TOKEN.ID), user(r), TokenScope.parse(r.get(API_TOKEN.SCOPE)).orElseThrow()),
                        r.get(API_TOKEN.EXPIRES_AT), r.get(API_TOKEN.LAST_USED_AT), r.get(API_TOKEN.REVOKED_AT)));
    }

    Optional<ApiToken> find(long id) {
        return listed().where(API_TOKEN.ID.eq(id)).fetchOptional(ApiTokenStore::token);
    }

    /** A user's tokens, newest first. */
    List<ApiToken> ofUser(long userId) {
        return listed().where(API_TOKEN.USER_ID.eq(userId)).orderBy(API_TOKEN.ID.desc()).fetch(ApiTokenStore::token);
    }

    /** Every user's tokens, by owner, newest first. */
    List<ApiToken> all() {
        return listed().orderBy(APP_USER.USERNAME, API_TOKEN.ID.desc()).fetch(ApiTokenStore::token);
    }

    /** Revokes a live token; false when it was revoked already (or does not exist). */
    boolean revoke(long id, long byUserId, OffsetDateTime at) {
        return dsl.update(API_TOKEN)
                .set(API_TOKEN.REVOKED_AT, at)
                .set(API_TOKEN.REVOKED_BY, byUserId)
                .where(API_TOKEN.ID.eq(id).and(API_TOKEN.REVOKED_AT.isNull()))
                .execute() == 1;
    }

    /**
     * Records a use at {@code at}, unless one at or after {@code unlessSince} is recorded
     * already (checked on the row as the UPDATE finds it, so a request that read the old
     * value before another recorded its use changes nothing).
     */
    void touch(long id, OffsetDateTime at, OffsetDateTime unlessSince) {
        Condition stale = API_TOKEN.LAST_USED_AT.isNull().or(API_TOKEN.LAST_USED_AT.lt(unlessSince));
        dsl.update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, at).where(API_TOKEN.ID.eq(id).and(stale)).execute();
    }

    private SelectOnConditionStep<Record> listed() {
        return dsl.select(LISTED)
                .from(API_TOKEN)
                .join(APP_USER).on(APP_USER.ID.eq(API_TOKEN.USER_ID));
    }

    private static ApiToken token(Record r) {
        return new ApiToken(r.get(API_TOKEN.ID), user(r), r.get(API_TOKEN.NAME),
                TokenScope.parse(r.get(API_TOKEN.SCOPE)).orElseThrow(), r.get(API_TOKEN.CREATED_AT),
                r.get(API_TOKEN.EXPIRES_AT), r.get(API_TOKEN.LAST_USED_AT), r.get(API_TOKEN.REVOKED_AT));
    }

    private static User user(Record r) {
        return new User(r.get(APP_USER.ID), r.get(APP_USER.USERNAME), r.get(APP_USER.DISPLAY_NAME),
                Role.fromDb(r.get(APP_USER.ROLE)));
    }
}
