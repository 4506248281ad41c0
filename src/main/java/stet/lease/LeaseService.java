package stet.lease;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import stet.auth.User;
import stet.db.Database;
import stet.schema.Leasing;

/**
 * Edit leases: taking and renewing one when a user opens or keeps a record's edit form,
 * releasing it when they leave, an admin's break. Never waits on another user: contention
 * answers at once with who holds the lease.
 */
public final class LeaseService {

    /** What taking a lease came to; answered through {@link #accept}, one method per case. */
    public sealed interface Outcome {
        /** The lease taken, or the other user's that is held; null when {@link Contended}. */
        Lease lease();

        <R> R accept(Visitor<R> visitor);
    }

    /** One method per case of an {@link Outcome}: a new case does not compile until every caller decides. */
    public interface Visitor<R> {
        R taken(Taken taken);

        R heldByOther(HeldByOther held);

        R contended(Contended contended);
    }

    /** The user holds the lease (taken now, or renewed). */
    public record Taken(Lease lease) implements Outcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.taken(this);
        }
    }

    /** Someone else holds a live lease: {@code lease} says who, since when and until when. */
    public record HeldByOther(Lease lease) implements Outcome {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.heldByOther(this);
        }
    }

    /**
     * The lease changed hands under every attempt (a record many people open and save at
     * once): nobody is named, and the page's next renewal tries again. {@code lease} is null.
     */
    public record Contended() implements Outcome {
        @Override
        public Lease lease() {
            return null;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.contended(this);
        }
    }

    /**
     * What an admin's break came to: {@code lease} is the other user's lease that was broken
     * ({@link Kind#BROKEN}) or the admin's own ({@link Kind#ALREADY_YOURS}); null when none was live.
     */
    public record Break(Kind kind, Lease lease) {

        /** Each case of a break; callers switch over it with no default, so a new case does not compile until each decides. */
        public enum Kind {
            /** Another user's live lease ended, recorded for the audit log; the admin holds it now. */
            BROKEN,
            /** The live lease was the admin's own: nothing broken, recorded or told to their pages. */
            ALREADY_YOURS,
            /** Nobody held a live lease (or it ended meanwhile): nothing broken, nobody's lease taken. */
            NONE_LIVE
        }
    }

    /** Counted outcomes, for the node's metrics. */
    public enum Counted { TAKEN, REFUSED, RELEASED, BROKEN }

    private final Database db;
    private final LeaseStore store;
    private final Consumer<Counted> counted;

    public LeaseService(Database db, LeaseStore store, Consumer<Counted> counted) {
        this.db = db;
        this.store = store;
        this.counted = counted;
    }

    /**
     * Takes or renews {@code user}'s lease on a record from their session. When another
     * user's lease is live, says whose. A lease that expires between the two statements
     * is tried again, so the answer is never "held" by a lease that is over.
     */
    public Outcome take(long recordId, Leasing leasing, User user, String sessionId) {
        return take(recordId, leasing, user, sessionId, store.take(recordId, user.id(), sessionId, leasing.minutes()));
    }

    /**
     * {@link #take(long, Leasing, User, String)} when the first attempt was already made,
     * by a statement that read the record and took its lease at once (the edit form's):
     * {@code firstAttempt} is the lease it took, empty when someone else held one.
     */
    public Outcome take(long recordId, Leasing leasing, User user, String sessionId, Optional<Lease> firstAttempt) {
        Optional<Lease> taken = firstAttempt;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (taken.isPresent()) {
                counted.accept(Counted.TAKEN);
                Lease lease = taken.get();
                return new Taken(new Lease(recordId, user.id(), user.displayName(), lease.takenAt(), lease.expiresAt()));
            }
            Optional<Lease> other = store.live(recordId);
            if (other.isPresent()) {
                counted.accept(Counted.REFUSED);
                return new HeldByOther(other.get());
            }
            if (attempt < ATTEMPTS) {
                taken = store.take(recordId, user.id(), sessionId, leasing.minutes());
            }
        }
        // Never a reason to refuse a page: a lease is advice, and the version check decides every save.
        return new Contended();
    }

    /** How many times taking a lease is tried while it changes hands between the take and the read of who has it. */
    static final int ATTEMPTS = 5;

    /** The live lease on a record, if any. */
    public Optional<Lease> holder(long recordId) {
        return store.live(recordId);
    }

    /**
     * The live leases of users other than {@code user} on some records, by record id (one
     * statement): what a list marks, as the record page does, for the holder knows they are editing.
     */
    public Map<Long, Lease> heldByOthers(Collection<Long> recordIds, User user) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Lease> others = new HashMap<>(store.live(recordIds));
        others.values().removeIf(lease -> lease.isHeldBy(user.id()));
        return others;
    }

    /**
     * The lease that stops {@code user} from saving a record of a collection with
     * {@code leasing}: another user's live lease when the collection is exclusive.
     */
    public Optional<Lease> blocking(long recordId, Leasing leasing, User user) {
        return Optional.ofNullable(blocking(List.of(recordId), leasing, user).get(recordId));
    }

    /** {@link #blocking(long, Leasing, User)} for many records at once, by record id (one statement). */
    public Map<Long, Lease> blocking(Collection<Long> recordIds, Leasing leasing, User user) {
        return leasing.exclusive() ? heldByOthers(recordIds, user) : Map.of();
    }

    /** Ends the user's lease from this session; nothing happens when it was not theirs. */
    public void release(long recordId, User user, String sessionId) {
        if (store.release(recordId, user.id(), sessionId)) {
            counted.accept(Counted.RELEASED);
        }
    }

    /**
     * Ends the user's lease from this session as a page they leave releases it: if it expires
     * no later than {@code upTo} (the expiry the leaving page last saw; null: whatever it is),
     * and no other edit form of theirs is open on the record ({@code leavingStream}: the
     * leaving page's own event stream, when it said). A page reloaded renews the lease to a
     * later expiry, and a second tab keeps editing: neither loses the lease to the first
     * page's beacon.
     */
    public void releaseLeaving(long recordId, User user, String sessionId, OffsetDateTime upTo, UUID leavingStream) {
        if (store.releaseLeaving(recordId, user.id(), sessionId, upTo == null ? FAR_FUTURE : upTo, leavingStream)) {
            counted.accept(Counted.RELEASED);
        }
    }

    /** An expiry later than any lease's: a leaving page that did not say which it saw. */
    private static final OffsetDateTime FAR_FUTURE = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Ends the user's lease on a record they deleted, from whichever of their sessions holds
     * it, as a save ends the saver's: nobody edits a deleted record (its form and renewals
     * answer 404), and a lease left on it would keep others out of it once it is restored.
     */
    public void releaseDeleted(long recordId, User user) {
        if (store.releaseAnySession(recordId, user.id())) {
            counted.accept(Counted.RELEASED);
        }
    }

    /**
     * An admin ends another user's live lease on a record, recorded for the audit log, and
     * takes it from their session {@code sessionId} in the same commit (for {@code leasing}'s
     * minutes). Their own lease is not broken: nothing is written, whichever of their
     * sessions holds it. When none was live, nobody's lease is taken.
     */
    public Break breakLease(long recordId, Leasing leasing, User admin, String sessionId) {
        if (!admin.isAdmin()) {
            throw new IllegalArgumentException("only an admin breaks a lease");
        }
        Optional<Lease> named = store.live(recordId);
        Optional<Lease> broken = db.transaction(
                tx -> store.breakLease(tx, recordId, admin.id(), sessionId, leasing.minutes()));
        if (broken.isEmpty()) {
            // Read after the break's statement, which leaves the admin's own lease alone.
            return store.live(recordId).filter(lease -> lease.isHeldBy(admin.id()))
                    .map(lease -> new Break(Break.Kind.ALREADY_YOURS, lease))
                    .orElseGet(() -> new Break(Break.Kind.NONE_LIVE, null));
        }
        counted.accept(Counted.BROKEN);
        Lease lease = broken.get();
        return new Break(Break.Kind.BROKEN, new Lease(recordId, lease.holderId(),
                named.filter(n -> n.holderId() == lease.holderId()).map(Lease::holderName).orElse("someone"),
                lease.takenAt(), lease.expiresAt()));
    }

    /** The latest breaks, newest first (the audit log). */
    public List<LeaseBreak> breaks(int limit) {
        return store.breaks(limit);
    }

    /** A break of this record's lease in the last minute (a live page tells the holder whose it was). */
    public Optional<LeaseBreak> recentBreak(long recordId) {
        return store.recentBreak(recordId);
    }
}
