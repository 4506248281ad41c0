package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.record.CreateOutcome;
import stet.record.DeleteOutcome;
import stet.record.RecordStore;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.LockWaits;
import stet.support.TestPostgres;

/**
 * An import's revert reads a page of the records it wrote, then writes them one by one: a record
 * changed or deleted in between is left as it is, and reported as it is now, not as the revert
 * guessed it. The test holds the first record's row, as a write in flight would, so that the
 * revert waits there while another record is deleted.
 */
@ExtendWith(TestPostgres.class)
class ImportRevertRaceIT {


    private static Database db;
    private static Components parts;
    private static User alice;
    private static User admin;
    private static final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = Database.connect(url, LockWaits.PATIENT);
        parts = Components.build(db);
        parts.users().create("alice", "Alice", "editor", "alice-password");
        parts.users().create("root", "Root", "admin", "root-password");
        alice = parts.users().authenticate("alice", "alice-password").orElseThrow();
        admin = parts.users().authenticate("root", "root-password").orElseThrow();
        parts.imports().workers().start();
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        parts.imports().workers().stop();
        db.close();
    }

    @Test
    void a_record_deleted_while_the_revert_runs_is_reported_deleted_at_its_version_now() throws Exception {
        Collection notes = parts.collections().create("notes", "Notes", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of())), false, admin);
        StoredRecord first = create(notes, "First");
        StoredRecord second = create(notes, "Second");
        long job = parts.imports().upload(notes, new ByteArrayInputStream(("_id,_version,name\r\n"
                + first.id() + ",1,First from the file\r\n" + second.id() + ",1,Second from the file\r\n")
                .getBytes(StandardCharsets.UTF_8)), null, alice);
        parts.imports().apply(job, Set.of(), alice);
        LockWaits.awaitTrue(() -> parts.imports().find(job).state() == ImportState.DONE);

        RevertReport report;
        try (Connection writer = db.openDedicated()) {
            writer.setAutoCommit(false);
            assertThat(new RecordStore(DSL.using(writer, SQLDialect.POSTGRES))
                    .lock(DSL.using(writer, SQLDialect.POSTGRES), first.id())).isPresent();
            Future<RevertReport> revert = background.submit(() -> parts.imports().revert(job, admin));
            LockWaits.awaitWaitingOnLock(db.dsl(), revert);
            // The revert has read both records and waits at the first: the second is deleted meanwhile.
            assertThat(parts.records().deleteAsOf(second.id(), 2, null, alice)).isInstanceOf(DeleteOutcome.Deleted.class);
            writer.rollback();
            report = revert.get(LockWaits.WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.reverted()).containsExactly(first.id());
        assertThat(report.changedSince()).containsExactly(new RevertReport.ChangedSince(second.id(), 2, 3, true));
    }

    private static StoredRecord create(Collection collection, String name) {
        return ((CreateOutcome.Created) parts.records().create(collection, Map.of("name", List.of(name)), null, null,
                alice)).record();
    }
}
