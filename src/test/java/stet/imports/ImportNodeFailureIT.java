package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.IMPORT_ROW;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.BreakableConnections;
import stet.support.TestPostgres;

/**
 * A node whose database connection fails mid-import, on two nodes' parts over one
 * PostgreSQL: node A's first batch commits but A hears of a lost connection (it goes on,
 * and does not apply those rows again), then A loses the database for good after its next
 * batch, with a batch in hand; node B finishes the import, and every row is applied once.
 */
@ExtendWith(TestPostgres.class)
class ImportNodeFailureIT {

    private static final int ROWS = 400;
    private static final int BATCH = 50;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final BreakableConnections breakable = new BreakableConnections();
    private static Database dbA;
    private static Database dbB;
    private static Components nodeA;
    private static Components nodeB;
    private static DSLContext sql;
    private static User alice;
    private static Collection items;

    @BeforeAll
    static void start(DatabaseUrl url) {
        dbA = Database.connect(url).wrapped(breakable::wrap);
        dbB = Database.connect(url);
        nodeA = Components.build(dbA, Components.Reporting.NONE, ImportLimits.DEFAULTS, BATCH);
        nodeB = Components.build(dbB, Components.Reporting.NONE, ImportLimits.DEFAULTS, BATCH);
        sql = dbB.dsl();
        nodeB.users().create("alice", "Alice", "editor", "alice-password");
        alice = nodeB.users().authenticate("alice", "alice-password").orElseThrow();
        items = nodeB.collections().create("items", "Items", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of())),
                false, alice);
    }

    @AfterAll
    static void stop() {
        nodeA.imports().workers().stop();
        nodeB.imports().workers().stop();
        breakable.repair();
        dbA.close();
        dbB.close();
    }

    @Test
    void a_node_that_loses_the_database_mid_import_leaves_the_rest_to_another_and_no_row_is_applied_twice()
            throws Exception {
        StringBuilder csv = new StringBuilder("name,sku\r\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("Item ").append(i).append(",S-").append(i).append("\r\n");
        }
        long id = nodeA.imports().upload(items, new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                null, alice);
        nodeA.imports().apply(id, Set.of(), alice);
        // A's first batch commits but A is told the connection was lost; after its second commit every statement fails.
        breakable.failNextCommit();
        breakable.breakAfterNextCommit();

        nodeA.imports().workers().start();
        awaitAppliedRows(id, 2 * BATCH);
        nodeA.imports().workers().stop();

        assertThat(appliedRows(id)).as("two batches committed on node A, the one in hand rolled back").isEqualTo(2 * BATCH);
        assertThat(nodeB.imports().find(id).state()).isEqualTo(ImportState.APPLYING);

        nodeB.imports().workers().start();
        ImportJob done = ImportServiceIT.awaitDone(nodeB.imports(), id);

        assertThat(done.applied()).isEqualTo(ROWS);
        assertThat(appliedRows(id)).isEqualTo(ROWS);
        assertThat(sql.fetchCount(RECORD, RECORD.COLLECTION_ID.eq(items.id()))).isEqualTo(ROWS);
        assertThat(sql.fetchCount(REVISION, REVISION.IMPORT_ID.eq(id))).isEqualTo(ROWS);
        assertThat(sql.fetchCount(IMPORT_ROW, IMPORT_ROW.IMPORT_ID.eq(id).and(IMPORT_ROW.RESULT.eq("created"))))
                .isEqualTo(ROWS);
    }

    private static void awaitAppliedRows(long id, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (appliedRows(id) < rows) {
            assertThat(System.nanoTime()).as("%d rows applied within %s", rows, WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int appliedRows(long id) {
        return sql.fetchCount(IMPORT_ROW, IMPORT_ROW.IMPORT_ID.eq(id).and(IMPORT_ROW.APPLIED.isTrue()));
    }
}
