package stet.lease;

import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.LEASE;
import static stet.db.jooq.Tables.LEASE_BREAK;
import static stet.db.jooq.Tables.PRESENCE;
import static stet.db.jooq.Tables.RECORD;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertResultStep;
import org.jooq.Record6;
import org.jooq.SelectJoinStep;
import org.jooq.TableLike;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import stet.db.RenderedSql;
import stet.db.jooq.tables.AppUser;
import stet.db.jooq.tables.records.LeaseRecord;

/**
 * The lease rows (V16). A row whose expiry has passed is a free lease: every read
 * filters on the expiry, and taking a lease overwrites an expired row.
 *
 * <p>Every statement that takes a lease locks the record's row {@code FOR SHARE}, and reads
 * the record under that lock when it reads it. In an exclusive collection a change checks the
 * lease in its own transaction, after its conditional UPDATE locked the row, and is rolled back
 * when another user holds it ({@link #heldByOthers(DSLContext, Collection, long)}). A lease
 * taken before that lock is seen by the check; one taken after it waits for the change's
 * commit, then reads the record as the change left it. Either way, nobody else's change lands
 * under whoever holds an exclusive collection's lease. The lock waits only for a write in
 * flight, which never waits on a user. A record deleted meanwhile gets no lease: the statements
 * read whether it is deleted under the same lock.
 *
 * <p>Likewise a lease is taken only for a session that exists, its row locked {@code FOR KEY
 * SHARE}: a logout in flight (whose trigger ends the session's leases, V30) is waited for, and
 * then no lease is written for the session it ended.
 */
public final class LeaseStore {

    private static final Field<OffsetDateTime> NOW = DSL.currentOffsetDateTime();

    /**
     * True, and the statement's transaction made to commit without waiting for its WAL to
     * reach the disk ({@code synchronous_commit} off for that transaction alone). A lease is
     * advice that runs out in minutes and is renewed while its page is open: one lost to a
     * crash in the moment after it was written costs a renewal, never a value. A record's save
     * keeps waiting for the disk; the edit form's lease and the save's release no longer do.
     * Only in a statement that runs on its own (autocommit), never inside a transaction that
     * also writes something that must be kept: that would then commit asynchronously too.
     */
    private static final Condition COMMITS_ASYNCHRONOUSLY =
            DSL.condition("set_config('synchronous_commit', 'off', true) = 'off'");

    private final DSLContext dsl;
    /*
     * The statements each page runs, rendered once (see RenderedSql): the record page and
     * the list read leases, the edit form takes one and a save releases it.
     */
    private final RenderedSql takeStatement;
    private final RenderedSql liveStatement;
    private final RenderedSql releaseStatement;
    private final RenderedSql releaseLeavingStatement;

    public LeaseStore(DSLContext dsl) {
        this.dsl = dsl;
        this.takeStatement = renderTake();
        this.liveStatement = renderLive();
        this.releaseStatement = renderRelease(false);
        this.releaseLeavingStatement = renderRelease(true);
    }

    /**
     * Takes or renews the lease on a record for a user's session, in one statement that
     * never waits on a user: the row is written when there is none, when it has expired,
     * or when it is this user's (a renewal, which keeps when it was taken). Empty when
     * someone else holds it, the record is deleted or missing, or the session has ended.
     *
     * <p>The statement locks the record's row as it takes the lease (see the class comment):
     * it waits for a write of the record in flight.
     */
    public Optional<Lease> take(long recordId, long userId, String sessionId, int minutes) {
        return takeStatement.fetchOptional(dsl,
                row -> new Lease(recordId, userId, null, RenderedSql.time(row, 1), RenderedSql.time(row, 2)),
                recordId, userId, sessionId, minutes);
    }

    private RenderedSql renderTake() {
        Field<Long> recordId = RenderedSql.param(0, LEASE.RECORD_ID);
        var locked = dsl.select(RECORD.ID).from(RECORD).where(RECORD.ID.eq(recordId).and(RECORD.DELETED.isFalse()))
                .forShare().asTable("locked");
        return RenderedSql.of(dsl, taking(dsl, recordId, RenderedSql.param(1, LEASE.USER_ID),
                RenderedSql.param(2, LEASE.SESSION_ID), RenderedSql.param(3, SQLDataType.INTEGER), locked,
                DSL.noCondition()));
    }

    /**
     * The one statement that takes or renews a lease (see {@link #take}), for the rows the
     * fields select {@code from} a table where {@code where} holds: a table that reads the
     * record locked {@code FOR SHARE} (see the class comment). It returns each lease's {@code taken_at} and
     * {@code expires_at}; a row for a record someone else holds is not written and not
     * returned. Also for a statement that reads a record and takes its lease in one round
     * trip (the edit form's, in {@code RecordStore}). The statement commits asynchronously (see
     * {@link #COMMITS_ASYNCHRONOUSLY}): run it on its own, never in a transaction.
     */
    public static InsertResultStep<LeaseRecord> taking(DSLContext dsl, Field<Long> recordId, Field<Long> userId,
            Field<String> sessionId, Field<Integer> minutes, TableLike<?> from, Condition where) {
        var rows = dsl.select(recordId, userId, sessionId, NOW, NOW, expiresIn(minutes));
        // Only for a session that still exists, its row locked against a logout in flight (see the class comment).
        Condition live = DSL.exists(DSL.selectOne().from(APP_SESSION).where(APP_SESSION.ID.eq(sessionId)).forKeyShare())
                .and(COMMITS_ASYNCHRONOUSLY);
        var source = rows.from(from).where(where.and(live));
        var mineAndLive = LEASE.USER_ID.eq(DSL.excluded(LEASE.USER_ID)).and(LEASE.EXPIRES_AT.gt(NOW));
        return dsl.insertInto(LEASE, LEASE.RECORD_ID, LEASE.USER_ID, LEASE.SESSION_ID, LEASE.TAKEN_AT, LEASE.RENEWED_AT,
                        LEASE.EXPIRES_AT)
                .select(source)
                .onConflict(LEASE.RECORD_ID)
                .doUpdate()
                .set(LEASE.USER_ID, DSL.excluded(LEASE.USER_ID))
                .set(LEASE.SESSION_ID, DSL.excluded(LEASE.SESSION_ID))
                .set(LEASE.TAKEN_AT, DSL.when(mineAndLive, LEASE.TAKEN_AT).otherwise(DSL.excluded(LEASE.TAKEN_AT)))
                .set(LEASE.RENEWED_AT, DSL.excluded(LEASE.RENEWED_AT))
                .set(LEASE.EXPIRES_AT, DSL.excluded(LEASE.EXPIRES_AT))
                .where(LEASE.USER_ID.eq(DSL.excluded(LEASE.USER_ID)).or(LEASE.EXPIRES_AT.le(NOW)))
                .returning(LEASE.TAKEN_AT, LEASE.EXPIRES_AT);
    }

    private static Field<OffsetDateTime> expiresIn(Field<Integer> minutes) {
        return DSL.field("now() + make_interval(mins => {0})", OffsetDateTime.class, minutes);
    }

    private static Field<OffsetDateTime> expiresIn(int minutes) {
        return expiresIn(DSL.val(minutes));
    }

    /** The live lease on a record, with its holder's name. */
    public Optional<Lease> live(long recordId) {
        return live(List.of(recordId)).values().stream().findFirst();
    }

    /** The live leases on some records, by record id (for a list's markers: one statement). */
    public Map<Long, Lease> live(Collection<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        return liveStatement.fetch(dsl, LeaseStore::toLiveLease, (Object) recordIds.toArray(Long[]::new))
                .stream()
                .collect(Collectors.toMap(Lease::recordId, Function.identity()));
    }

    /** A row of {@link #renderLive}'s statement as a lease. */
    private static Lease toLiveLease(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Lease(row.getLong(1), row.getLong(2), row.getString(3), RenderedSql.time(row, 4),
                RenderedSql.time(row, 5));
    }

    private RenderedSql renderLive() {
        return RenderedSql.of(dsl, dsl.select(LEASE.RECORD_ID, LEASE.USER_ID, APP_USER.DISPLAY_NAME, LEASE.TAKEN_AT,
                        LEASE.EXPIRES_AT)
                .from(LEASE)
                .join(APP_USER).on(APP_USER.ID.eq(LEASE.USER_ID))
                .where(LEASE.RECORD_ID.eq(DSL.any(RenderedSql.param(0, SQLDataType.BIGINT.array())))
                        .and(LEASE.EXPIRES_AT.gt(NOW))));
    }

    /**
     * The live leases of users other than {@code userId} on some records, by record id, read in
     * {@code tx}: what a change of an exclusive collection's records checks after its write
     * locked them, before it commits (see the class comment).
     */
    public Map<Long, Lease> heldByOthers(DSLContext tx, Collection<Long> recordIds, long userId) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        return liveStatement.fetch(tx, LeaseStore::toLiveLease, (Object) recordIds.toArray(Long[]::new))
                .stream()
                .filter(lease -> !lease.isHeldBy(userId))
                .collect(Collectors.toMap(Lease::recordId, Function.identity()));
    }

    /**
     * Ends a user's lease from the session that holds it; false when it was not theirs (or
     * already over). Commits asynchronously, as taking one does.
     */
    public boolean release(long recordId, long userId, String sessionId) {
        return releaseStatement.execute(dsl, recordId, userId, sessionId) > 0;
    }

    /**
     * Ends a user's lease as a page that is left releases it: only a lease that expires no
     * later than {@code upTo} (a newer page of the user renewed it since: it is that page's),
     * and only while no other edit form of the user's is open on the record (the open
     * streams in {@code presence}, all but {@code leavingStream}, the leaving page's own;
     * null when the page did not say which it was). A tab closed while another tab of the
     * same user still edits the record leaves that tab its lease.
     */
    public boolean releaseLeaving(long recordId, long userId, String sessionId, OffsetDateTime upTo,
            UUID leavingStream) {
        return releaseLeavingStatement.execute(dsl, recordId, userId, sessionId, upTo, leavingStream) > 0;
    }

    /**
     * Ends a user's lease on a record from whichever of their sessions holds it; false when
     * they held none. Commits asynchronously, as taking one does.
     */
    public boolean releaseAnySession(long recordId, long userId) {
        return dsl.deleteFrom(LEASE)
                .where(LEASE.RECORD_ID.eq(recordId).and(LEASE.USER_ID.eq(userId)))
                .and(COMMITS_ASYNCHRONOUSLY)
                .execute() > 0;
    }

    private RenderedSql renderRelease(boolean leaving) {
        return RenderedSql.of(dsl, dsl.deleteFrom(LEASE)
                .where(LEASE.RECORD_ID.eq(RenderedSql.param(0, LEASE.RECORD_ID))
                        .and(LEASE.USER_ID.eq(RenderedSql.param(1, LEASE.USER_ID)))
                        .and(LEASE.SESSION_ID.eq(RenderedSql.param(2, LEASE.SESSION_ID))))
                .and(leaving ? LEASE.EXPIRES_AT.le(RenderedSql.param(3, LEASE.EXPIRES_AT))
                        .andNotExists(dsl.selectOne().from(PRESENCE)
                                .where(PRESENCE.RECORD_ID.eq(LEASE.RECORD_ID)
                                        .and(PRESENCE.USER_ID.eq(LEASE.USER_ID))
                                        .and(PRESENCE.EDITING.isTrue())
                                        .and(PRESENCE.EXPIRES_AT.gt(NOW))
                                        .and(PRESENCE.STREAM_ID.ne(RenderedSql.param(4, PRESENCE.STREAM_ID)))))
                        : DSL.noCondition())
                .and(COMMITS_ASYNCHRONOUSLY));
    }

    /**
     * Ends another user's live lease on a record, records who broke it and gives the lease to
     * the admin's session, all in the caller's transaction; empty (and nothing written) when
     * none was live, the live one is the admin's own (nothing to break), or the record is
     * deleted. The lease changes hands in one commit: had it been free for a moment, the pages
     * waiting for it (the old holder's among them) would take it before the admin.
     */
    public Optional<Lease> breakLease(DSLContext tx, long recordId, long adminId, String adminSessionId, int minutes) {
        // The record's row locked as every lease taker locks it (see the class comment): a record deleted meanwhile
        // gets no lease, and nothing is broken.
        if (tx.select(RECORD.ID).from(RECORD).where(RECORD.ID.eq(recordId).and(RECORD.DELETED.isFalse())).forShare()
                .fetchOptional().isEmpty()) {
            return Optional.empty();
        }
        Optional<Lease> broken = tx.deleteFrom(LEASE)
                .where(LEASE.RECORD_ID.eq(recordId).and(LEASE.EXPIRES_AT.gt(NOW)).and(LEASE.USER_ID.ne(adminId)))
                .returning(LEASE.USER_ID, LEASE.TAKEN_AT, LEASE.EXPIRES_AT)
                .fetchOptional()
                .map(r -> new Lease(recordId, r.getUserId(), null, r.getTakenAt(), r.getExpiresAt()));
        broken.ifPresent(lease -> {
            tx.insertInto(LEASE_BREAK)
                    .set(LEASE_BREAK.RECORD_ID, recordId)
                    .set(LEASE_BREAK.HOLDER_ID, lease.holderId())
                    .set(LEASE_BREAK.HELD_SINCE, lease.takenAt())
                    .set(LEASE_BREAK.BROKEN_BY, adminId)
                    .execute();
            tx.insertInto(LEASE)
                    .set(LEASE.RECORD_ID, recordId)
                    .set(LEASE.USER_ID, adminId)
                    .set(LEASE.SESSION_ID, adminSessionId)
                    .set(LEASE.TAKEN_AT, NOW)
                    .set(LEASE.RENEWED_AT, NOW)
                    .set(LEASE.EXPIRES_AT, expiresIn(minutes))
                    .execute();
        });
        return broken;
    }

    /** The latest breaks, newest first. */
    public List<LeaseBreak> breaks(int limit) {
        return selectBreaks()
                .orderBy(LEASE_BREAK.BROKEN_AT.desc(), LEASE_BREAK.ID.desc())
                .limit(limit)
                .fetch(this::toBreak);
    }

    /** The latest break of a record's lease within the last minute, if any (what a live page tells its holder). */
    public Optional<LeaseBreak> recentBreak(long recordId) {
        return selectBreaks()
                .where(LEASE_BREAK.RECORD_ID.eq(recordId)
                        .and(LEASE_BREAK.BROKEN_AT.gt(DSL.field("now() - interval '1 minute'", OffsetDateTime.class))))
                .orderBy(LEASE_BREAK.ID.desc())
                .limit(1)
                .fetchOptional(this::toBreak);
    }

    private static final AppUser HOLDER = APP_USER.as("holder");
    private static final AppUser BREAKER = APP_USER.as("breaker");

    private SelectJoinStep<Record6<Long, Long, String, OffsetDateTime, String, OffsetDateTime>> selectBreaks() {
        return dsl.select(LEASE_BREAK.RECORD_ID, LEASE_BREAK.HOLDER_ID, HOLDER.DISPLAY_NAME, LEASE_BREAK.HELD_SINCE,
                        BREAKER.DISPLAY_NAME, LEASE_BREAK.BROKEN_AT)
                .from(LEASE_BREAK)
                .join(HOLDER).on(HOLDER.ID.eq(LEASE_BREAK.HOLDER_ID))
                .join(BREAKER).on(BREAKER.ID.eq(LEASE_BREAK.BROKEN_BY));
    }

    private LeaseBreak toBreak(Record6<Long, Long, String, OffsetDateTime, String, OffsetDateTime> r) {
        return new LeaseBreak(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6());
    }
}
