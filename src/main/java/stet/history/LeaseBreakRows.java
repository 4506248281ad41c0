package stet.history;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.lease.LeaseBreak;

/** The audit log's lease breaks, formatted like {@link AuditRows}: when, who broke whose lease, on which record. */
final class LeaseBreakRows {

    private LeaseBreakRows() {}

    static List<Map<String, Object>> of(List<LeaseBreak> breaks, Instant now) {
        return breaks.stream().map(b -> {
            Map<String, Object> row = new HashMap<>();
            row.put("time", When.of(b.brokenAt(), now));
            row.put("heldSince", When.of(b.heldSince(), now));
            row.put("brokenBy", b.brokenBy());
            row.put("holder", b.holderName());
            row.put("recordHref", "/records/" + b.recordId());
            row.put("record", "#" + b.recordId());
            return row;
        }).toList();
    }
}
