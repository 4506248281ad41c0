package stet.auth;

import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_USER;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;

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

    long insert(long userId, String name, TokenScope scope, String secretHash, OffsetDateTime createdAt,
            OffsetDateTime expiresAt) {
        return dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.USER_ID, userId)
                .set(API_TOKEN.NAME, name)
                .set(API_TOKEN.SCOPE, scope.dbName())
                .set(API_TOKEN.SECRET_HASH, secretHash)
                .set(API_TOKEN.CREATED_AT, createdAt)
                .set(API_TOKEN.EXPIRES_AT, expiresAt)
                .returning(API_TOKEN.ID)
                .fetchSingle(API_TOKEN.ID);
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
