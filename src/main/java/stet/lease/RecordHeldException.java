package stet.lease;

/**
 * A change refused because the record's collection is exclusive and another user holds its
 * lease: only the holder may change it (a delete, a restore, an admin's revert or undo, like a save).
 * Nothing was changed; the web answers 409 with the submission kept, the API 423.
 */
public final class RecordHeldException extends RuntimeException {

    private final transient Lease lease;

    /**
     * @param deleted whether the record is deleted (a restore refused): its lease cannot be
     *     broken, only waited out
     */
    public RecordHeldException(Lease lease, boolean deleted) {
        super(lease.holderName() + " is editing this record, and in this collection only the person editing may change"
                + " it (their lease ends at " + lease.expiresAt().toInstant() + " unless renewed). Nothing was changed:"
                + (deleted ? " the record is deleted, so its lease cannot be broken; it runs out by itself unless renewed,"
                        + " and you can try again then."
                        : " try again when they are done, or ask an admin to break the lease."), null, false, false);
        this.lease = lease;
    }

    public Lease lease() {
        return lease;
    }
}
