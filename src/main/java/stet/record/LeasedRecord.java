package stet.record;

import java.util.Optional;
import stet.lease.Lease;

/**
 * A record as its edit form opens it: with the lease its reader took on it in the same
 * statement (see {@link RecordStore#findTakingLease}).
 *
 * @param taken the reader's lease, taken or renewed; empty when the record is deleted or
 *     someone else held a live lease on it when it was read
 */
public record LeasedRecord(StoredRecord record, Optional<Lease> taken) {}
