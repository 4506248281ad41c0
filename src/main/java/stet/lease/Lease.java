package stet.lease;

import java.time.OffsetDateTime;

/**
 * Who is editing a record, and until when: advice to everyone else, never a lock on the
 * database. An exclusive collection lets only the holder save.
 *
 * @param recordId the record
 * @param holderId the user who holds it
 * @param holderName their display name
 * @param takenAt when they took it (kept while they renew it)
 * @param expiresAt when it ends unless renewed
 */
public record Lease(long recordId, long holderId, String holderName, OffsetDateTime takenAt, OffsetDateTime expiresAt) {

    public boolean isHeldBy(long userId) {
        return holderId == userId;
    }
}
