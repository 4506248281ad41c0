package stet.lease;

import java.time.OffsetDateTime;

/**
 * An admin's break of someone's lease, as the audit log shows it.
 *
 * @param recordId the record
 * @param holderId who held the lease
 * @param holderName who held the lease
 * @param heldSince since when they held it
 * @param brokenBy the admin who broke it
 * @param brokenAt when
 */
public record LeaseBreak(long recordId, long holderId, String holderName, OffsetDateTime heldSince, String brokenBy,
        OffsetDateTime brokenAt) {}
