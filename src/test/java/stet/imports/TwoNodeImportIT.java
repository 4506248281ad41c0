package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.IMPORT_ROW;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.record.CreateOutcome;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Invariants;
import stet.support.Scrape;
import stet.support.TestApp;
import stet.support.TestPostgres;

/**
 * An import applied by the workers of two stet nodes on one PostgreSQL: a node stopped
 * mid-import leaves the rest to the other, both nodes working at once never apply a row
 * twice, and every row is applied (and counted in the metrics once, by the node that
 * applied it).
 */
@ExtendWith(TestPostgres.class)
class TwoNodeImportIT {

    private static final int NEW_ROWS = 2_600;
    private static final int UPDATED_ROWS = 400;
    private static final AtomicInteger RUN = new AtomicInteger();

    private static App nodeA;
    private static App nodeB;
    private static Components parts;
    private static DSLContext sql;
    private static User alice;
    private static Collection items;

    @BeforeAll
    static void start(DatabaseUrl url) {
        // Each node its own pool, as separate processes would have.
        nodeA = TestApp.start(Database.connect(url));
        nodeB = TestApp.start(Database.connect(url));
        parts = Components.build(nodeA.database());
        sql = nodeA.database().dsl();
        alice = parts.users().authenticate("alice", TestApp.DEMO_PASSWORD).orElseThrow();
        items = parts.collections().create("stock", "Stock", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, alice);
    }

    @AfterEach
    void bothNodesWork() {
        nodeA.imports().workers().afterBatch(n -> { });
        nodeA.imports().workers().start();
        nodeB.imports().workers().start();
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void a_node_stopped_mid_import_leaves_the_rest_to_the_other_and_no_row_is_applied_twice() throws Exception {
        nodeB.imports().workers().stop();
        long id = nodeA.imports().upload(items, file(), null, alice);
        // Node A's workers stop after their first batches: each waits after its commit until the node is stopping.
        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        nodeA.imports().workers().afterBatch(rows -> {
            committed.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        nodeA.imports().apply(id, Set.of(), alice);
        assertThat(committed.await(60, TimeUnit.SECONDS)).isTrue();
        nodeA.imports().workers().halt();
        release.countDown();
        nodeA.imports().workers().stop();

        ImportJob halfway = nodeA.imports().find(id);
        assertThat(halfway.state()).isEqualTo(ImportState.APPLYING);
        assertThat(halfway.applied()).as("node A applied its first batches only").isBetween(1, 2 * ImportService.DEFAULT_BATCH);
        assertThat(appliedRows(id)).isEqualTo(halfway.applied());

        nodeB.imports().workers().start();
        ImportJob done = ImportServiceIT.awaitDone(nodeB.imports(), id);

        assertAppliedExactlyOnce(id, done);
    }

    @Test
    void both_nodes_applying_at_once_apply_every_row_exactly_once() {
        double doneBefore = counted("stet_imports_total{event=\"done\"}");
        double createdBefore = counted("stet_import_rows_total{result=\"created\"}");
        double updatedBefore = counted("stet_import_rows_total{result=\"updated\"}");
        long id = nodeB.imports().upload(items, file(), null, alice);

        nodeB.imports().apply(id, Set.of(), alice);
        ImportJob done = ImportServiceIT.awaitDone(nodeA.imports(), id);

        assertAppliedExactlyOnce(id, done);
        // Each node counts the rows of the batches it committed, just after its commit, and the node that
        // finished the import counts it done: that may come before another worker has counted its last batch.
        ImportServiceIT.await("import " + id + " counted done, and all its rows",
                () -> counted("stet_imports_total{event=\"done\"}") > doneBefore
                        && counted("stet_import_rows_total{result=\"created\"}") - createdBefore >= NEW_ROWS
                        && counted("stet_import_rows_total{result=\"updated\"}") - updatedBefore >= UPDATED_ROWS);
        assertThat(counted("stet_imports_total{event=\"done\"}") - doneBefore).isEqualTo(1);
        assertThat(counted("stet_import_rows_total{result=\"created\"}") - createdBefore).isEqualTo(NEW_ROWS);
        assertThat(counted("stet_import_rows_total{result=\"updated\"}") - updatedBefore).isEqualTo(UPDATED_ROWS);
    }

    /** A series of both nodes' {@code /metrics} added up. */
    private static double counted(String series) {
        return Scrape.value(Scrape.of(nodeA.port()), series) + Scrape.value(Scrape.of(nodeB.port()), series);
    }

    /** Every row applied once: each new row one record with one revision, each updated record one import revision. */
    private static void assertAppliedExactlyOnce(long id, ImportJob done) {
        int total = NEW_ROWS + UPDATED_ROWS;
        assertThat(done.total()).isEqualTo(total);
        assertThat(done.applied()).isEqualTo(total);
        assertThat(appliedRows(id)).isEqualTo(total);
        assertThat(sql.fetchCount(IMPORT_ROW, IMPORT_ROW.IMPORT_ID.eq(id).and(IMPORT_ROW.RESULT.eq("created"))))
                .isEqualTo(NEW_ROWS);
        assertThat(sql.fetchCount(IMPORT_ROW, IMPORT_ROW.IMPORT_ID.eq(id).and(IMPORT_ROW.RESULT.eq("updated"))))
                .isEqualTo(UPDATED_ROWS);
        assertThat(sql.fetchCount(REVISION, REVISION.IMPORT_ID.eq(id))).isEqualTo(total);
        // No record got two revisions from the import, and every row's record is distinct.
        assertThat(sql.fetchCount(sql.select(REVISION.RECORD_ID).from(REVISION).where(REVISION.IMPORT_ID.eq(id))
                .groupBy(REVISION.RECORD_ID).having(DSL.count().gt(1)))).isZero();
        assertThat(sql.fetchCount(sql.selectDistinct(IMPORT_ROW.RECORD_ID).from(IMPORT_ROW)
                .where(IMPORT_ROW.IMPORT_ID.eq(id)))).isEqualTo(total);
        assertThat(sql.fetchCount(RECORD, RECORD.COLLECTION_ID.eq(items.id()).and(RECORD.ID.in(
                sql.select(IMPORT_ROW.RECORD_ID).from(IMPORT_ROW).where(IMPORT_ROW.IMPORT_ID.eq(id)
                        .and(IMPORT_ROW.RESULT.eq("created"))))))).isEqualTo(NEW_ROWS);
        for (Long record : sql.select(IMPORT_ROW.RECORD_ID).from(IMPORT_ROW).where(IMPORT_ROW.IMPORT_ID.eq(id))
                .orderBy(DSL.rand()).limit(50).fetch(IMPORT_ROW.RECORD_ID)) {
            Invariants.assertHistoryConsistent(sql, record);
        }
    }

    private static int appliedRows(long id) {
        return sql.fetchCount(IMPORT_ROW, IMPORT_ROW.IMPORT_ID.eq(id).and(IMPORT_ROW.APPLIED.isTrue()));
    }

    /** A file of new rows and rows updating records created for it (each run its own SKUs). */
    private static ByteArrayInputStream file() {
        int run = RUN.incrementAndGet();
        List<Long> existing = new ArrayList<>();
        for (int i = 0; i < UPDATED_ROWS; i++) {
            var created = parts.records().create(items, Map.of("name", List.of("Existing " + i),
                    "sku", List.of("R" + run + "-E" + i)), null, null, alice);
            existing.add(((CreateOutcome.Created) created).record().id());
        }
        StringBuilder csv = new StringBuilder("_id,_version,name,sku,notes\r\n");
        for (int i = 0; i < NEW_ROWS; i++) {
            csv.append(",,New ").append(i).append(",R").append(run).append("-N").append(i).append(",\"line one\nline two\"\r\n");
            if (i < UPDATED_ROWS) {
                csv.append(existing.get(i)).append(",1,Updated ").append(i).append(",R").append(run).append("-E").append(i)
                        .append(",\r\n");
            }
        }
        return new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
