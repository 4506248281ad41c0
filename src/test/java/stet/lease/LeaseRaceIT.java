package stet.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.RECORD;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import stet.db.DatabaseUrl;
import stet.imports.ImportRow;
import stet.imports.ImportState;
import stet.imports.RowResult;
import stet.record.RecordStore;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;
import stet.support.RawHttp;
import stet.support.LockWaits;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * An exclusive collection's promise under a race: whoever holds a record's lease never has
 * to merge, because nobody else's change of it lands while they hold it. A change checks
 * the lease before it writes; these tests hold the write up between that check and its
 * commit (the test's transaction holds a lock the write needs), and take the lease in that
 * gap. And the other way round: a lease taken while a write of the record is in flight
 * waits for it, so that the holder's form shows what it wrote. An import's batch that meets a
 * lease taken so is rolled back and run again, and leaves that record to its holder. And a
 * lease never outlives what it was taken for: none is taken on a record being deleted, nor for
 * a session being ended.
 */
@ExtendWith(TestPostgres.class)
class LeaseRaceIT {

    private static final String EXCLUSIVE = "drafts";

    private static Database db;
    private static App app;
    private static DSLContext sql;
    private static long collectionId;
    private static WebClient alice;
    private static WebClient bob;
    private static String aliceCsrf;
    private static WebClient admin;
    private static Components parts;
    private static User bobUser;
    private static final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = Database.connect(url, LockWaits.PATIENT);
        app = TestApp.start(db);
        sql = db.dsl();
        parts = Components.build(db);
        bobUser = parts.users().authenticate("bob", TestApp.DEMO_PASSWORD).orElseThrow();
        User root = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        collectionId = parts.collections().create(EXCLUSIVE, "Drafts", List.of(
                new FieldDef("title", "Title", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("body", "Body", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, new Leasing(true, 10), root).id();
        alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        aliceCsrf = RawHttp.csrfOf(alice.get("/collections").body());
        bob = new WebClient(app.port()).logIn("bob", TestApp.DEMO_PASSWORD);
        admin = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        app.close();
        db.close();
    }

    @Test
    void a_save_that_found_the_lease_free_but_commits_after_someone_took_it_is_refused_with_the_input_kept()
            throws Exception {
        long id = draft("Plan");
        Map<String, List<String>> bobs = formFreeOfLease(id);
        bobs.put("body", List.of("Bob's words"));

        WebClient.Page refused;
        String alicesVersion;
        try (Connection blocker = db.openDedicated()) {
            holdDefinition(blocker);
            Future<WebClient.Page> save = background.submit(() -> bob.postForm("/records/" + id, bobs));
            awaitBlocked(save);
            // Bob's save checked the lease and waits to write: Alice opens the form and gets the lease.
            WebClient.Page alicesForm = alice.get("/records/" + id + "/edit");
            assertThat(alicesForm.has("lease-notice")).as("Alice holds the lease").isFalse();
            alicesVersion = alicesForm.form("record-form").get("version").get(0);
            blocker.commit();
            refused = answer(save);
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.element("lease-notice")).containsEntry("data-holder", "Alice");
        assertThat(refused.form("record-form").get("body")).containsExactly("Bob's words");
        assertThat(version(id)).as("nothing of Bob's was written").isEqualTo(1);
        assertThat(alicesVersion).as("Alice's form is of the version saved").isEqualTo("1");
    }

    @Test
    void the_lease_holder_saves_without_a_merge_after_a_racing_save_was_refused() throws Exception {
        long id = draft("Outline");
        Map<String, List<String>> bobs = formFreeOfLease(id);
        bobs.put("title", List.of("Outline by Bob"));

        Map<String, List<String>> alices;
        try (Connection blocker = db.openDedicated()) {
            holdDefinition(blocker);
            Future<WebClient.Page> save = background.submit(() -> bob.postForm("/records/" + id, bobs));
            awaitBlocked(save);
            alices = alice.get("/records/" + id + "/edit").form("record-form");
            blocker.commit();
            answer(save);
        }
        alices.put("title", List.of("Outline by Alice"));
        WebClient.Page saved = alice.postForm("/records/" + id, alices);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(saved.location()).as("saved, not merged").isEqualTo("/records/" + id);
        assertThat(version(id)).isEqualTo(2);
        assertThat(sql.fetchValue("select kind from revision where record_id = ? and version = 2", id))
                .as("Alice's own edit, no merge").isEqualTo("update");
    }

    @Test
    void a_delete_that_found_the_lease_free_but_commits_after_someone_took_it_is_refused() throws Exception {
        long id = draft("Charter");
        Map<String, List<String>> confirm = bob.get("/records/" + id + "/delete").form("delete-confirm-form");

        WebClient.Page refused;
        try (Connection blocker = db.openDedicated()) {
            holdDefinition(blocker);
            Future<WebClient.Page> delete = background.submit(() -> bob.postForm("/records/" + id + "/delete", confirm));
            awaitBlocked(delete);
            assertThat(alice.get("/records/" + id + "/edit").has("lease-notice")).as("Alice holds the lease").isFalse();
            blocker.commit();
            refused = answer(delete);
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("error-message")).contains("Alice is editing this record");
        assertThat(refused.has("kept-input")).isTrue();
        assertThat(version(id)).isEqualTo(1);
        assertThat(sql.fetchValue("select deleted from record where id = ?", id)).isEqualTo(false);
    }

    @Test
    void the_edit_form_opened_while_a_save_of_the_record_is_in_flight_waits_for_it() throws Exception {
        long id = draft("Minutes");
        try (Connection writer = db.openDedicated()) {
            lockRecord(writer, id);
            Future<WebClient.Page> form = background.submit(() -> alice.get("/records/" + id + "/edit"));
            awaitBlocked(form);
            writer.rollback();
            WebClient.Page page = answer(form);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.has("lease-notice")).isFalse();
        }
    }

    @Test
    void a_lease_taken_through_its_route_while_a_save_of_the_record_is_in_flight_waits_for_it() throws Exception {
        long id = draft("Agenda");
        try (Connection writer = db.openDedicated()) {
            lockRecord(writer, id);
            Future<Integer> taken = background.submit(
                    () -> alice.postWithToken("/records/" + id + "/lease", aliceCsrf).statusCode());
            awaitBlocked(taken);
            writer.rollback();
            assertThat(answer(taken)).isEqualTo(200);
        }
    }

    @Test
    void an_imports_batch_that_found_the_lease_free_but_commits_after_someone_took_it_is_run_again_without_that_row()
            throws Exception {
        long held = draft("Budget");
        long free = draft("Annex");
        Collection drafts = parts.collections().find(collectionId).orElseThrow();
        long job = parts.imports().upload(drafts, new ByteArrayInputStream(("_id,_version,title\r\n"
                + held + ",1,Budget from the file\r\n" + free + ",1,Annex from the file\r\n")
                .getBytes(StandardCharsets.UTF_8)), null, bobUser);

        try (Connection blocker = db.openDedicated()) {
            holdDefinition(blocker);
            parts.imports().apply(job, Set.of(), bobUser);
            LockWaits.awaitWaitingOnLock(sql, () -> parts.imports().find(job).state() != ImportState.APPLYING,
                    () -> parts.imports().find(job));
            assertThat(alice.get("/records/" + held + "/edit").has("lease-notice")).as("Alice holds the lease").isFalse();
            blocker.commit();
        }
        LockWaits.awaitTrue(() -> parts.imports().find(job).state() == ImportState.DONE);

        assertThat(version(held)).as("nothing of the file's was written under Alice").isEqualTo(1);
        assertThat(version(free)).isEqualTo(2);
        ImportRow row = parts.imports().rows(job, null, 0, 10).rows().get(0);
        assertThat(row.result()).isEqualTo(RowResult.CONFLICT);
        assertThat(row.resultMessage()).contains("Alice is editing");
    }

    @Test
    void a_lease_taken_through_its_route_while_the_record_is_being_deleted_is_not_taken() throws Exception {
        long id = draft("Memo");
        try (Connection deleter = db.openDedicated()) {
            deleteInFlight(deleter, id);
            Future<Integer> taken = background.submit(
                    () -> alice.postWithToken("/records/" + id + "/lease", aliceCsrf).statusCode());
            awaitBlocked(taken);
            deleter.commit();
            answer(taken);
        }

        assertThat(liveLeases(id)).as("no lease on a deleted record").isZero();
    }

    @Test
    void the_edit_form_opened_while_the_record_is_being_deleted_takes_no_lease() throws Exception {
        long id = draft("Note");
        try (Connection deleter = db.openDedicated()) {
            deleteInFlight(deleter, id);
            Future<WebClient.Page> form = background.submit(() -> alice.get("/records/" + id + "/edit"));
            awaitBlocked(form);
            deleter.commit();
            assertThat(answer(form).status()).isEqualTo(404);
        }

        assertThat(liveLeases(id)).isZero();
    }

    @Test
    void a_lease_renewed_while_its_session_logs_out_does_not_outlive_the_session() throws Exception {
        long id = draft("Letter");
        WebClient carol = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        String csrf = RawHttp.csrfOf(carol.get("/collections").body());
        assertThat(carol.get("/records/" + id + "/edit").has("lease-notice")).isFalse();
        String session = sql.fetchValue("select session_id from lease where record_id = ?", id).toString();
        try (Connection logout = db.openDedicated()) {
            logout.setAutoCommit(false);
            // The logout's statement (its trigger ends the session's leases), not yet committed.
            DSL.using(logout, SQLDialect.POSTGRES).execute("delete from app_session where id = ?", session);
            Future<Integer> renewal = background.submit(() -> carol.postWithToken("/records/" + id + "/lease", csrf)
                    .statusCode());
            awaitBlocked(renewal);
            logout.commit();
            answer(renewal);
        }

        assertThat(liveLeases(id)).as("the lease ended with its session").isZero();
        assertThat(bob.get("/records/" + id + "/edit").has("lease-notice")).as("Bob may edit at once").isFalse();
    }

    /** Marks the record deleted in the connection's transaction, as a delete in flight has it, until it commits. */
    private static void deleteInFlight(Connection connection, long id) throws Exception {
        connection.setAutoCommit(false);
        assertThat(DSL.using(connection, SQLDialect.POSTGRES).execute("update record set deleted = true where id = ?", id))
                .isEqualTo(1);
    }

    private static int liveLeases(long id) {
        return sql.fetchCount(DSL.selectOne().from("lease").where("record_id = ? and expires_at > now()", id));
    }

    /** Bob's edit form, fetched while nobody held the lease, with the lease it took given up again. */
    private static Map<String, List<String>> formFreeOfLease(long id) {
        Map<String, List<String>> form = bob.get("/records/" + id + "/edit").form("record-form");
        String csrf = RawHttp.csrfOf(bob.get("/collections").body());
        assertThat(bob.post("/records/" + id + "/lease/release", WebClient.form("_csrf", csrf)).status()).isEqualTo(204);
        return form;
    }

    /** Holds the collection's definition as an admin's change of it would: every write of its records waits. */
    private static void holdDefinition(Connection connection) throws Exception {
        connection.setAutoCommit(false);
        DSL.using(connection, SQLDialect.POSTGRES).select(COLLECTION.ID).from(COLLECTION)
                .where(COLLECTION.ID.eq(collectionId)).forUpdate().fetch();
    }

    /** Locks the record's row as a write in flight holds it, until the connection's transaction ends. */
    private static void lockRecord(Connection connection, long id) throws Exception {
        connection.setAutoCommit(false);
        assertThat(new RecordStore(DSL.using(connection, SQLDialect.POSTGRES))
                .lock(DSL.using(connection, SQLDialect.POSTGRES), id)).isPresent();
    }

    private static void awaitBlocked(Future<?> request) throws Exception {
        LockWaits.awaitWaitingOnLock(sql, request);
    }

    private static <T> T answer(Future<T> request) throws InterruptedException, ExecutionException, TimeoutException {
        return request.get(LockWaits.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static long draft(String title) {
        return Records.create(admin, EXCLUSIVE, Map.of("title", title, "body", "first words"));
    }

    private static int version(long id) {
        return sql.select(RECORD.VERSION).from(RECORD).where(RECORD.ID.eq(id)).fetchSingle(RECORD.VERSION);
    }
}
