package stet.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * What reverting an import did, with every record the import wrote: a revert that stopped
 * part-way and was run again reports the records of every run.
 *
 * @param reverted records the import changed, now back at their values from before it (a revert revision each)
 * @param deleted records the import created, now deleted
 * @param changedSince records changed after the import wrote them: left as they are, for a merge page each
 * @param refused records that could not be reverted for another reason (a unique value now held by another record,
 *     another user editing it in an exclusive collection)
 */
public record RevertReport(List<Long> reverted, List<Long> deleted, List<ChangedSince> changedSince,
        List<Refused> refused) {

    public RevertReport {
        reverted = List.copyOf(reverted);
        deleted = List.copyOf(deleted);
        changedSince = List.copyOf(changedSince);
        refused = List.copyOf(refused);
    }

    /** The report of what the revert did with each record, in their order. */
    static RevertReport of(List<RevertedRecord> records) {
        List<Long> reverted = new ArrayList<>();
        List<Long> deleted = new ArrayList<>();
        List<ChangedSince> changedSince = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (RevertedRecord r : records) {
            long id = r.revision().recordId();
            switch (r.outcome()) {
                case REVERTED -> reverted.add(id);
                case DELETED -> deleted.add(id);
                case CHANGED_SINCE -> changedSince.add(new ChangedSince(id, r.revision().version(), r.currentVersion(),
                        r.deleted()));
                case REFUSED -> refused.add(new Refused(id, r.message()));
            }
        }
        return new RevertReport(reverted, deleted, changedSince, refused);
    }

    /**
     * A record someone changed after the import: the version the import wrote, and the version now
     * (reverting it is the history's revert of {@code importVersion - 1}, through the merge page).
     */
    public record ChangedSince(long recordId, int importVersion, int currentVersion, boolean deleted) {}

    /** A record not reverted, and why. */
    public record Refused(long recordId, String message) {}
}
