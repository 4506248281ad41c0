package stet.support;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.util.List;
import java.util.stream.IntStream;
import org.jooq.DSLContext;

/** The history invariants of DESIGN.md, checked against the database. */
public final class Invariants {

    private Invariants() {}

    /** record.version = max(revision.version), and revisions are numbered 1..n without gaps. */
    public static void assertHistoryConsistent(DSLContext dsl, long recordId) {
        int version = dsl.select(RECORD.VERSION).from(RECORD).where(RECORD.ID.eq(recordId)).fetchSingle(RECORD.VERSION);
        List<Integer> versions = dsl.select(REVISION.VERSION)
                .from(REVISION)
                .where(REVISION.RECORD_ID.eq(recordId))
                .orderBy(REVISION.VERSION)
                .fetch(REVISION.VERSION);
        assertThat(versions)
                .as("revisions of record %d", recordId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, version).boxed().toList());
    }

    public static int revisionCount(DSLContext dsl, long recordId) {
        return dsl.fetchCount(REVISION, REVISION.RECORD_ID.eq(recordId));
    }
}
