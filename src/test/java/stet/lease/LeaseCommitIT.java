package stet.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.RECORD;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.record.RecordStore;
import stet.support.Sessions;
import stet.support.TestApp;
import stet.support.TestPostgres;

/**
 * A lease's writes commit without waiting for the disk, and only they: the statements that
 * take and release a lease turn {@code synchronous_commit} off for their own transaction,
 * and the connection's next transaction (a record's save, say) commits synchronously again.
 * Each statement is run here in a transaction of the test's, which shows what the setting is
 * when that transaction commits, and then what the connection has once it has.
 */
@ExtendWith(TestPostgres.class)
class LeaseCommitIT {

    private static App app;
    private static Database db;
    private static User alice;
    private static long recordId;

    @BeforeAll
    static void start(Database database) {
        db = database;
        // stet runs its PostgreSQL with synchronous_commit on; the tests' server has it off
        // (the embedded library's default). New connections to this database get stet's.
        String name = db.dsl().fetchValue("select current_database()").toString();
        db.dsl().execute("alter database " + DSL.quotedName(name) + " set synchronous_commit = on");
        app = TestApp.start(db);
        alice = Components.build(db).users().authenticate("alice", TestApp.DEMO_PASSWORD).orElseThrow();
        recordId = db.dsl().select(RECORD.ID).from(RECORD).where(RECORD.DELETED.isFalse()).limit(1).fetchSingle().value1();
        // A lease is taken only for a session that exists: Alice's, one per test.
        for (String session : List.of("session-a", "session-b", "session-c", "session-d")) {
            Sessions.open(db.dsl(), alice.id(), session);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void taking_a_lease_commits_asynchronously_and_the_connection_commits_synchronously_after() throws SQLException {
        assertCommitsAsynchronouslyAlone(tx -> assertThat(new LeaseStore(tx).take(recordId, alice.id(), "session-a", 5))
                .isPresent());
    }

    @Test
    void the_edit_forms_read_that_takes_a_lease_commits_asynchronously() throws SQLException {
        assertCommitsAsynchronouslyAlone(tx -> assertThat(new RecordStore(tx).findTakingLease(recordId, alice, "session-b")
                .orElseThrow().taken()).isPresent());
    }

    @Test
    void releasing_a_lease_commits_asynchronously() throws SQLException {
        new LeaseStore(db.dsl()).take(recordId, alice.id(), "session-c", 5).orElseThrow();

        assertCommitsAsynchronouslyAlone(tx -> assertThat(new LeaseStore(tx).release(recordId, alice.id(), "session-c"))
                .isTrue());
    }

    @Test
    void a_lease_statement_run_on_its_own_leaves_the_pooled_connection_committing_synchronously() throws SQLException {
        try (Connection connection = db.openDedicated()) {
            DSLContext alone = DSL.using(connection, SQLDialect.POSTGRES);
            assertThat(synchronousCommit(alone)).isEqualTo("on");

            assertThat(new LeaseStore(alone).take(recordId, alice.id(), "session-d", 5)).isPresent();
            assertThat(new LeaseStore(alone).release(recordId, alice.id(), "session-d")).isTrue();

            assertThat(synchronousCommit(alone)).isEqualTo("on");
        }
    }

    /** Runs {@code write} in a transaction: it must leave the setting off there, and on after the commit. */
    private static void assertCommitsAsynchronouslyAlone(Consumer<DSLContext> write) throws SQLException {
        try (Connection connection = db.openDedicated()) {
            connection.setAutoCommit(false);
            DSLContext tx = DSL.using(connection, SQLDialect.POSTGRES);
            assertThat(synchronousCommit(tx)).isEqualTo("on");

            write.accept(tx);
            assertThat(synchronousCommit(tx)).as("in the lease's transaction").isEqualTo("off");
            connection.commit();

            assertThat(synchronousCommit(tx)).as("in the connection's next transaction").isEqualTo("on");
            connection.rollback();
        }
    }

    private static String synchronousCommit(DSLContext dsl) {
        return dsl.fetchValue("show synchronous_commit").toString();
    }
}
