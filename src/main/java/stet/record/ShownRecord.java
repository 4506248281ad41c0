package stet.record;

import java.util.Optional;
import stet.lease.Lease;

/**
 * A record as its page shows it: with the live lease on it, read in the same statement.
 *
 * @param lease the lease live when it was read; empty when nobody holds one
 */
public record ShownRecord(StoredRecord record, Optional<Lease> lease) {}
