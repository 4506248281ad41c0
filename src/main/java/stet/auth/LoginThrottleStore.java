package stet.auth;

import static stet.db.jooq.Tables.LOGIN_THROTTLE;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The counts of log-in attempts per username and per address (table login_throttle).
 * Every time compared here is the caller's {@code now}, never the database's clock.
 */
final class LoginThrottleStore {

    /** What is counted: a username (lower-cased), a client address, or a client address's bad API tokens. */
    enum Kind {
        USERNAME,
        ADDRESS,
        TOKEN;

        String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> parse(String value) {
            for (Kind kind : values()) {
                if (kind.dbName().equals(value)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** One counted thing. */
    record Key(Kind kind, String subject) {}

    /** A key that is locked now, for the admins' list. */
    record Lock(Key key, int failures, Instant until) {}

    private final DSLContext dsl;

    LoginThrottleStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Locks the keys' rows (in key order, so two attempts never deadlock) and returns
     * the latest lock among them that has not ended at {@code now}.
     */
    Optional<Instant> lockedUntil(DSLContext tx, List<Key> keys, Instant now) {
        return tx.select(LOGIN_THROTTLE.LOCKED_UNTIL)
                .from(LOGIN_THROTTLE)
                .where(anyOf(keys))
                .orderBy(LOGIN_THROTTLE.KIND, LOGIN_THROTTLE.SUBJECT)
                .forUpdate()
                .fetch(LOGIN_THROTTLE.LOCKED_UNTIL)
                .stream()
                .filter(until -> until != null && until.toInstant().isAfter(now))
                .map(OffsetDateTime::toInstant)
                .max(Instant::compareTo);
    }

    /**
     * When {@code key}'s lock ends, if it is locked at {@code now}: one read by primary
     * key, without a transaction or a row lock, so callers that are not locked never wait
     * on each other.
     */
    Optional<Instant> lockEnd(Key key, Instant now) {
        return dsl.select(LOGIN_THROTTLE.LOCKED_UNTIL)
                .from(LOGIN_THROTTLE)
                .where(is(key).and(LOGIN_THROTTLE.LOCKED_UNTIL.gt(utc(now))))
                .fetchOptional(LOGIN_THROTTLE.LOCKED_UNTIL)
                .map(OffsetDateTime::toInstant);
    }

    /**
     * Counts one more attempt for each key that is not locked at {@code now}, and
     * returns the count of its streak; a key missing from the answer was locked by a
     * concurrent attempt (its row did not exist yet for {@link #lockedUntil} to lock).
     * A streak whose last attempt (or lock) ended {@code window} or more before
     * {@code now} starts again at 1.
     */
    Map<Key, Integer> count(DSLContext tx, List<Key> keys, Instant now, Duration window) {
        OffsetDateTime at = utc(now);
        OffsetDateTime quietSince = utc(now.minus(window));
        Field<OffsetDateTime> lastActive = DSL.greatest(LOGIN_THROTTLE.LAST_FAILURE,
                DSL.coalesce(LOGIN_THROTTLE.LOCKED_UNTIL, LOGIN_THROTTLE.LAST_FAILURE));
        Map<Key, Integer> counted = new LinkedHashMap<>();
        for (Key key : keys.stream().sorted(KEY_ORDER).toList()) {
            tx.insertInto(LOGIN_THROTTLE)
                    .set(LOGIN_THROTTLE.KIND, key.kind().dbName())
                    .set(LOGIN_THROTTLE.SUBJECT, key.subject())
                    .set(LOGIN_THROTTLE.FAILURES, 1)
                    .set(LOGIN_THROTTLE.LAST_FAILURE, at)
                    .onConflict(LOGIN_THROTTLE.KIND, LOGIN_THROTTLE.SUBJECT)
                    .doUpdate()
                    .set(LOGIN_THROTTLE.FAILURES, DSL.when(lastActive.le(quietSince), DSL.inline(1))
                            .otherwise(LOGIN_THROTTLE.FAILURES.plus(1)))
                    .set(LOGIN_THROTTLE.LOCKED_UNTIL, DSL.when(lastActive.le(quietSince), DSL.castNull(OffsetDateTime.class))
                            .otherwise(LOGIN_THROTTLE.LOCKED_UNTIL))
                    .set(LOGIN_THROTTLE.LAST_FAILURE, at)
                    // Evaluated on the row as committed by an attempt this one waited for.
                    .where(LOGIN_THROTTLE.LOCKED_UNTIL.isNull().or(LOGIN_THROTTLE.LOCKED_UNTIL.le(at)))
                    .returning(LOGIN_THROTTLE.FAILURES)
                    .fetchOptional(LOGIN_THROTTLE.FAILURES)
                    .ifPresent(failures -> counted.put(key, failures));
        }
        return counted;
    }

    void lock(DSLContext tx, Key key, Instant until) {
        tx.update(LOGIN_THROTTLE)
                .set(LOGIN_THROTTLE.LOCKED_UNTIL, utc(until))
                .where(is(key))
                .execute();
    }

    /** Forgets the key's streak: a successful log-in for a username, an admin's unlock. Returns whether there was one. */
    boolean clear(Key key) {
        return dsl.deleteFrom(LOGIN_THROTTLE).where(is(key)).execute() == 1;
    }

    /** The keys locked at {@code now}, longest lock first. */
    List<Lock> locked(Instant now) {
        return dsl.select(LOGIN_THROTTLE.KIND, LOGIN_THROTTLE.SUBJECT, LOGIN_THROTTLE.FAILURES, LOGIN_THROTTLE.LOCKED_UNTIL)
                .from(LOGIN_THROTTLE)
                .where(LOGIN_THROTTLE.LOCKED_UNTIL.gt(utc(now)))
                .orderBy(LOGIN_THROTTLE.LOCKED_UNTIL.desc(), LOGIN_THROTTLE.KIND, LOGIN_THROTTLE.SUBJECT)
                .fetch(r -> new Lock(new Key(Kind.parse(r.value1()).orElseThrow(), r.value2()), r.value3(),
                        r.value4().toInstant()));
    }

    /** Deletes streaks that have been quiet for {@code window}: they would start again anyway. */
    int deleteQuiet(Instant now, Duration window) {
        OffsetDateTime quietSince = utc(now.minus(window));
        return dsl.deleteFrom(LOGIN_THROTTLE)
                .where(LOGIN_THROTTLE.LAST_FAILURE.le(quietSince))
                .and(LOGIN_THROTTLE.LOCKED_UNTIL.isNull().or(LOGIN_THROTTLE.LOCKED_UNTIL.le(quietSince)))
                .execute();
    }

    /** The order lockedUntil locks rows in: count takes them in the same order. */
    private static final Comparator<Key> KEY_ORDER =
            Comparator.comparing((Key k) -> k.kind().dbName()).thenComparing(Key::subject);

    private static Condition anyOf(Collection<Key> keys) {
        // An empty OR would be no condition at all, that is every row.
        return keys.isEmpty() ? DSL.falseCondition() : DSL.or(keys.stream().map(LoginThrottleStore::is).toList());
    }

    private static Condition is(Key key) {
        return LOGIN_THROTTLE.KIND.eq(key.kind().dbName()).and(LOGIN_THROTTLE.SUBJECT.eq(key.subject()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
