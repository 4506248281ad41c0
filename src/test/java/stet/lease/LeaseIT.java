package stet.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.LEASE;
import static stet.db.jooq.Tables.LEASE_BREAK;
import static stet.db.jooq.Tables.RECORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.record.DeleteOutcome;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;
import stet.support.EventStream;
import stet.support.RawHttp;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * Edit leases over HTTP, on two nodes of one PostgreSQL: one holder at a time however
 * many take it at once, and nobody waits; renewal, expiry, release and an admin's break;
 * and what a lease means for a save: in an exclusive collection only the holder saves
 * (anyone else's input is kept, never lost), in an advisory one it is advice.
 */
@ExtendWith(TestPostgres.class)
class LeaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lock timeout every pooled connection has (DatabaseTimeouts.DEFAULTS): nobody may get near it. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(5);
    private static final String ADVISORY = "inventory";
    private static final String EXCLUSIVE = "drafts";

    private static App nodeA;
    private static App nodeB;
    private static Components parts;
    private static DSLContext sql;
    private static Person alice;
    private static Person bob;
    private static Person admin;
    private static final AtomicInteger created = new AtomicInteger();

    @BeforeAll
    static void start(DatabaseUrl url) {
        // Each node its own pool, as separate processes would have.
        nodeA = TestApp.start(Database.connect(url));
        nodeB = TestApp.start(Database.connect(url));
        parts = Components.build(nodeA.database());
        sql = nodeA.database().dsl();
        User root = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        parts.collections().create(EXCLUSIVE, "Drafts", List.of(
                new FieldDef("title", "Title", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("body", "Body", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
                new FieldDef("pages", "Pages", FieldType.INTEGER, false, false, null, null, false, List.of())),
                false, new Leasing(true, 10), root);
        alice = Person.logIn(nodeA, "alice", TestApp.DEMO_PASSWORD);
        bob = Person.logIn(nodeB, "bob", TestApp.DEMO_PASSWORD);
        admin = Person.logIn(nodeA, "admin", TestApp.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
    }

    // --- Taking a lease -------------------------------------------------------------------

    @Test
    void of_sixteen_users_taking_a_lease_at_once_on_two_nodes_exactly_one_gets_it_and_nobody_waits() throws Exception {
        int users = 16;
        List<Person> people = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            String name = String.format("taker%02d", i);
            parts.users().create(name, "Taker " + i, "editor", "lease-test-password-" + i);
            // Half on each node; logged in one after the other (the throttle counts parallel log-ins).
            people.add(Person.logIn(i % 2 == 0 ? nodeA : nodeB, name, "lease-test-password-" + i));
        }
        // Each takes and releases a lease on a record of its own first: both nodes' lease route is warm.
        for (Person p : people) {
            long own = inventoryRecord();
            assertThat(p.take(own).status()).isEqualTo(200);
            assertThat(p.release(own)).isEqualTo(204);
        }
        long contested = inventoryRecord();

        CyclicBarrier together = new CyclicBarrier(users);
        ExecutorService pool = Executors.newFixedThreadPool(users);
        List<Future<Timed>> answers = new ArrayList<>();
        for (Person p : people) {
            answers.add(pool.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                long start = System.nanoTime();
                LeaseAnswer answer = p.take(contested);
                return new Timed(p, answer, Duration.ofNanos(System.nanoTime() - start));
            }));
        }
        List<Timed> results = new ArrayList<>();
        for (Future<Timed> f : answers) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        List<Timed> winners = results.stream().filter(t -> t.answer().status() == 200).toList();
        assertThat(winners).as("answers %s", results).hasSize(1);
        Timed winner = winners.get(0);
        assertThat(winner.answer().held()).isTrue();
        String holder = winner.answer().holder();
        assertThat(holder).isEqualTo(winner.person().displayName());
        List<Timed> refused = results.stream().filter(t -> t != winner).toList();
        assertThat(refused).hasSize(users - 1).allSatisfy(t -> {
            assertThat(t.answer().status()).isEqualTo(409);
            assertThat(t.answer().held()).isFalse();
            assertThat(t.answer().holder()).isEqualTo(holder);
            assertThat(t.answer().since()).isEqualTo(winner.answer().since());
        });
        Duration slowest = results.stream().map(Timed::took).max(Duration::compareTo).orElseThrow();
        System.out.println("LeaseIT: 16 takes at once, slowest answer " + slowest.toMillis() + " ms");
        assertThat(slowest).as("nobody waits on the holder's lock").isLessThan(LOCK_TIMEOUT);
        assertThat(sql.fetchCount(LEASE, LEASE.RECORD_ID.eq(contested))).isEqualTo(1);
    }

    @Test
    void the_same_user_renewing_moves_the_expiry_and_keeps_since() {
        long id = inventoryRecord();
        LeaseAnswer first = alice.take(id);
        LeaseAnswer renewed = alice.take(id);

        assertThat(first.status()).isEqualTo(200);
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.since()).isEqualTo(first.since());
        assertThat(renewed.expires()).isAfter(first.expires());
        assertThat(first.expires()).isAfter(first.since().plusMinutes(9));
    }

    @Test
    void a_renewal_from_the_users_other_session_keeps_since_and_is_still_theirs() {
        long id = inventoryRecord();
        Person aliceElsewhere = Person.logIn(nodeB, "alice", TestApp.DEMO_PASSWORD);
        LeaseAnswer first = alice.take(id);
        LeaseAnswer renewed = aliceElsewhere.take(id);

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.since()).isEqualTo(first.since());
        assertThat(bob.take(id).holder()).isEqualTo("Alice");
    }

    @Test
    void a_lease_that_expired_is_free_for_another_user() {
        long id = inventoryRecord();
        LeaseAnswer alices = alice.take(id);
        assertThat(bob.take(id).status()).isEqualTo(409);

        expire(id);
        LeaseAnswer bobs = bob.take(id);

        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.holder()).isEqualTo("Bob");
        assertThat(bobs.since()).isAfter(alices.since());
        LeaseAnswer alicesAgain = alice.take(id);
        assertThat(alicesAgain.status()).isEqualTo(409);
        assertThat(alicesAgain.holder()).isEqualTo("Bob");
    }

    @Test
    void a_release_sent_as_a_beacon_ends_the_lease_and_another_user_gets_it_at_once() {
        long id = inventoryRecord();
        alice.take(id);

        assertThat(alice.release(id)).isEqualTo(204);

        LeaseAnswer bobs = bob.take(id);
        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.holder()).isEqualTo("Bob");
    }

    @Test
    void a_pages_beacon_ends_only_the_lease_it_renewed_last_not_one_a_reload_renewed_since() {
        long id = inventoryRecord();
        LeaseAnswer seenByOldPage = alice.take(id);
        LeaseAnswer renewedByNewPage = alice.take(id);

        assertThat(alice.release(id, seenByOldPage.expires())).isEqualTo(204);
        assertThat(bob.take(id).holder()).as("the reloaded page still holds it").isEqualTo("Alice");

        assertThat(alice.release(id, renewedByNewPage.expires())).isEqualTo(204);
        assertThat(bob.take(id).holder()).isEqualTo("Bob");
    }

    @Test
    void a_release_whose_expiry_is_not_a_time_is_refused_and_ends_nothing() {
        long id = inventoryRecord();
        alice.take(id);

        WebClient.Page refused = alice.web().post("/records/" + id + "/lease/release",
                WebClient.form("_csrf", alice.csrf(), "expires", "soon"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(bob.take(id).holder()).isEqualTo("Alice");
    }

    @Test
    void a_release_whose_expiry_is_a_time_postgresql_cannot_hold_is_refused_and_ends_nothing() {
        long id = inventoryRecord();
        alice.take(id);

        for (String expires : new String[] {"+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z",
                "-4714-01-01T00:00:00Z"}) {
            WebClient.Page refused = alice.web().post("/records/" + id + "/lease/release",
                    WebClient.form("_csrf", alice.csrf(), "expires", expires));
            assertThat(refused.status()).as(expires + ": " + refused.body()).isEqualTo(400);
        }
        assertThat(bob.take(id).holder()).isEqualTo("Alice");
    }

    @Test
    void a_release_whose_expiry_has_an_unusual_offset_is_read_as_the_same_instant() {
        long id = inventoryRecord();
        OffsetDateTime expires = OffsetDateTime.parse(alice.take(id).json().path("expires").asText());

        // PostgreSQL takes offsets up to 15:59; the same instant at +18:00 is still that instant.
        int released = alice.release(id, expires.withOffsetSameInstant(java.time.ZoneOffset.ofHours(18)));

        assertThat(released).isEqualTo(204);
        assertThat(bob.take(id).holder()).isEqualTo("Bob");
    }

    @Test
    void a_release_without_the_csrf_token_is_refused_and_ends_nothing() {
        long id = inventoryRecord();
        alice.take(id);

        WebClient.Page refused = alice.web().post("/records/" + id + "/lease/release", WebClient.form());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(bob.take(id).holder()).isEqualTo("Alice");
    }

    @Test
    void a_release_from_another_session_of_the_same_user_does_not_end_the_lease() {
        long id = inventoryRecord();
        LeaseAnswer taken = alice.take(id);
        Person aliceElsewhere = Person.logIn(nodeB, "alice", TestApp.DEMO_PASSWORD);

        assertThat(aliceElsewhere.release(id)).isEqualTo(204);

        LeaseAnswer bobs = bob.take(id);
        assertThat(bobs.status()).isEqualTo(409);
        assertThat(bobs.holder()).isEqualTo("Alice");
        assertThat(bobs.since()).isEqualTo(taken.since());
    }

    @Test
    void the_edit_form_takes_the_lease_for_its_collections_minutes_and_a_deleted_records_form_takes_none() {
        User root = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        parts.collections().create("memos", "Memos", List.of(
                new FieldDef("title", "Title", FieldType.TEXT, true, false, null, null, false, List.of())),
                false, new Leasing(false, 3), root);
        long id = Records.create(alice.web(), "memos", Map.of("title", "A short lease"));

        OffsetDateTime before = OffsetDateTime.now();
        assertThat(bob.web().get("/records/" + id + "/edit").status()).isEqualTo(200);
        OffsetDateTime after = OffsetDateTime.now();

        var lease = sql.selectFrom(LEASE).where(LEASE.RECORD_ID.eq(id)).fetchSingle();
        assertThat(lease.getUserId()).isEqualTo(userId("bob"));
        assertThat(lease.getExpiresAt()).isBetween(before.plusMinutes(3).minusSeconds(2), after.plusMinutes(3).plusSeconds(2));
        assertThat(bob.take(id).holder()).isEqualTo("Bob");

        long gone = Records.create(alice.web(), "memos", Map.of("title", "Deleted before it was opened"));
        assertThat(parts.records().deleteAsOf(gone, 1, null, root)).isInstanceOf(DeleteOutcome.Deleted.class);
        assertThat(bob.web().get("/records/" + gone + "/edit").status()).isEqualTo(404);
        assertThat(bob.web().get("/records/987654321/edit").status()).isEqualTo(404);
        assertThat(sql.fetchCount(LEASE, LEASE.RECORD_ID.eq(gone))).as("no lease on a deleted record").isZero();
    }

    @Test
    void a_lease_on_a_record_that_does_not_exist_is_not_found() {
        assertThat(alice.take(987_654_321L).status()).isEqualTo(404);
    }

    // --- An admin's break ----------------------------------------------------------------

    @Test
    void a_non_admin_may_not_break_a_lease() {
        long id = inventoryRecord();
        alice.take(id);

        WebClient.Page refused = bob.web().post("/records/" + id + "/lease/break", WebClient.form("_csrf", bob.csrf()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(bob.take(id).holder()).isEqualTo("Alice");
        assertThat(sql.fetchCount(LEASE_BREAK, LEASE_BREAK.RECORD_ID.eq(id))).isZero();
    }

    @Test
    void an_admins_break_hands_the_lease_to_the_admin_is_audited_and_tells_the_holders_page_on_the_other_node() {
        long id = inventoryRecord();
        LeaseAnswer taken = alice.take(id);
        // Alice's edit form is served by node B's stream; the admin breaks on node A.
        Person aliceOnB = Person.logIn(nodeB, "alice", TestApp.DEMO_PASSWORD);
        try (EventStream page = aliceOnB.web().events("/records/" + id + "/events?version=1&mode=editing")) {
            assertThat(page.status()).isEqualTo(200);
            EventStream.Event told = page.next("lease", EVENT_WAIT);
            assertThat(told.text("holder")).isEqualTo("Alice");
            assertThat(told.data().get("mine").asBoolean()).isTrue();

            WebClient.Page broken = admin.web().post("/records/" + id + "/lease/break", WebClient.form("_csrf", admin.csrf()));

            assertThat(broken.status()).isEqualTo(303);
            assertThat(broken.location()).isEqualTo("/records/" + id + "/edit");
            EventStream.Event news = page.next("lease", e -> e.data().has("brokenBy"), EVENT_WAIT);
            assertThat(news.data().get("wasMine").asBoolean()).isTrue();
            assertThat(news.text("brokenBy")).isEqualTo("Admin");
            assertThat(news.text("brokenHolder")).isEqualTo("Alice");
        }
        var audit = sql.selectFrom(LEASE_BREAK).where(LEASE_BREAK.RECORD_ID.eq(id)).fetch();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).getHolderId()).isEqualTo(userId("alice"));
        assertThat(audit.get(0).getBrokenBy()).isEqualTo(userId("admin"));
        assertThat(audit.get(0).getHeldSince().toInstant()).isEqualTo(taken.since().toInstant());
        LeaseAnswer bobs = bob.take(id);
        assertThat(bobs.status()).as("the admin took it over in the same commit").isEqualTo(409);
        assertThat(bobs.holder()).isEqualTo("Admin");
    }

    @Test
    void an_admin_breaking_their_own_lease_breaks_nothing_is_told_they_hold_it_and_their_pages_hear_of_no_break() {
        long id = inventoryRecord();
        LeaseAnswer mine = admin.take(id);
        Person adminOnB = Person.logIn(nodeB, "admin", TestApp.ADMIN_PASSWORD);
        try (EventStream page = adminOnB.web().events("/records/" + id + "/events?version=1&mode=editing")) {
            assertThat(page.next("lease", EVENT_WAIT).text("holder")).isEqualTo("Admin");

            WebClient.Page answer = admin.web().post("/records/" + id + "/lease/break", WebClient.form("_csrf", admin.csrf()));

            assertThat(answer.status()).isEqualTo(303);
            assertThat(answer.location()).isEqualTo("/records/" + id + "/edit");
            assertThat(admin.web().get(answer.location()).text("flash")).isEqualTo("You hold the lease on this record"
                    + " already: there was nobody else's to break.");
            // The release after it is the first lease news the admin's other page hears: no break came before it.
            assertThat(admin.release(id)).isEqualTo(204);
            EventStream.Event news = page.next("lease", e -> e.data().has("brokenBy") || e.data().get("holder").isNull(),
                    EVENT_WAIT);
            assertThat(news.data().has("brokenBy")).as(news.data().toString()).isFalse();
        }
        assertThat(sql.fetchCount(LEASE_BREAK, LEASE_BREAK.RECORD_ID.eq(id))).as("nothing for the audit log").isZero();
        assertThat(mine.status()).isEqualTo(200);
    }

    // --- Exclusive collections -----------------------------------------------------------

    @Test
    void in_an_exclusive_collection_a_save_by_someone_else_than_the_holder_is_refused_with_the_input_kept() {
        long id = draft("Plan");
        assertThat(alice.web().get("/records/" + id + "/edit").has("lease-notice")).isFalse();
        WebClient.Page bobsForm = bob.web().get("/records/" + id + "/edit");
        assertThat(bobsForm.element("lease-notice")).containsEntry("data-holder", "Alice");
        assertThat(bobsForm.element("record-fields")).as("read-only while Alice edits").containsKey("disabled");
        Map<String, List<String>> typed = bobsForm.form("record-form");
        typed.put("body", List.of("Bob's words\nover two lines"));
        typed.put("pages", List.of("7"));

        WebClient.Page refused = bob.web().postForm("/records/" + id, typed);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.element("lease-notice")).containsEntry("data-holder", "Alice");
        Map<String, List<String>> kept = refused.form("record-form");
        assertThat(kept.get("body")).containsExactly("Bob's words\nover two lines");
        assertThat(kept.get("pages")).containsExactly("7");
        assertThat(refused.element("record-fields")).as("the kept input stays editable").doesNotContainKey("disabled");
        assertThat(version(id)).isEqualTo(1);

        assertThat(alice.release(id)).isEqualTo(204);
        WebClient.Page saved = bob.web().postForm("/records/" + id, kept);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(saved.location()).isEqualTo("/records/" + id);
        assertThat(version(id)).isEqualTo(2);
        assertThat(bob.web().get("/records/" + id).body()).contains("Bob&#39;s words");
    }

    @Test
    void in_an_exclusive_collection_a_refused_save_goes_to_the_merge_page_once_the_holder_saved_over_it() {
        long id = draft("Outline");
        WebClient.Page alicesForm = alice.web().get("/records/" + id + "/edit");
        Map<String, List<String>> bobs = bob.web().get("/records/" + id + "/edit").form("record-form");
        bobs.put("body", List.of("Outline by Bob"));
        WebClient.Page refused = bob.web().postForm("/records/" + id, bobs);
        assertThat(refused.status()).isEqualTo(409);

        Map<String, List<String>> alices = alicesForm.form("record-form");
        alices.put("body", List.of("Outline by Alice"));
        assertThat(alice.web().postForm("/records/" + id, alices).status()).isEqualTo(303);
        WebClient.Page merge = bob.web().postForm("/records/" + id, refused.form("record-form"));

        assertThat(merge.status()).isEqualTo(409);
        assertThat(merge.has("merge-page")).isTrue();
        assertThat(merge.element("merge-field")).containsEntry("data-field", "body").containsEntry("data-outcome", "CONFLICT");
        assertThat(merge.body()).contains("Outline by Bob", "Outline by Alice");
        assertThat(version(id)).as("only Alice's save").isEqualTo(2);
    }

    @Test
    void in_an_exclusive_collection_a_save_after_the_lease_ran_out_and_someone_else_took_it_is_refused_and_kept() {
        long id = draft("Budget");
        Map<String, List<String>> bobs = bob.web().get("/records/" + id + "/edit").form("record-form");
        bobs.put("pages", List.of("12"));
        expire(id);
        assertThat(alice.web().get("/records/" + id + "/edit").has("lease-notice")).as("Alice holds it now").isFalse();

        WebClient.Page refused = bob.web().postForm("/records/" + id, bobs);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.element("lease-notice")).containsEntry("data-holder", "Alice");
        assertThat(refused.form("record-form").get("pages")).containsExactly("12");
        assertThat(version(id)).isEqualTo(1);
    }

    @Test
    void in_an_exclusive_collection_a_refused_save_from_an_older_version_shows_the_merge_page_and_saves_nothing() {
        long id = draft("Minutes");
        Map<String, List<String>> bobs = bob.web().get("/records/" + id + "/edit").form("record-form");
        bobs.put("pages", List.of("7"));
        expire(id);
        Map<String, List<String>> alices = alice.web().get("/records/" + id + "/edit").form("record-form");
        alices.put("title", List.of("Minutes of March"));
        assertThat(alice.web().postForm("/records/" + id, alices).status()).isEqualTo(303);
        alice.web().get("/records/" + id + "/edit");

        WebClient.Page refused = bob.web().postForm("/records/" + id, bobs);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.has("merge-page")).isTrue();
        assertThat(refused.element("lease-notice")).containsEntry("data-holder", "Alice");
        assertThat(refused.body()).contains("Minutes of March").contains("7");
        assertThat(version(id)).isEqualTo(2);
    }

    @Test
    void in_an_exclusive_collection_a_save_after_an_admin_broke_the_lease_and_took_it_is_refused_and_kept() {
        long id = draft("Minutes");
        Map<String, List<String>> bobs = bob.web().get("/records/" + id + "/edit").form("record-form");
        bobs.put("body", List.of("What Bob typed"));
        assertThat(admin.web().post("/records/" + id + "/lease/break", WebClient.form("_csrf", admin.csrf())).status())
                .isEqualTo(303);
        // The break's redirect: the admin's edit form, which takes the lease.
        assertThat(admin.web().get("/records/" + id + "/edit").has("lease-notice")).isFalse();

        WebClient.Page refused = bob.web().postForm("/records/" + id, bobs);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.element("lease-notice")).containsEntry("data-holder", "Admin");
        assertThat(refused.form("record-form").get("body")).containsExactly("What Bob typed");
        assertThat(version(id)).isEqualTo(1);
    }

    @Test
    void in_an_exclusive_collection_a_delete_revert_or_undo_by_someone_else_than_the_holder_is_refused() {
        long id = draft("Charter");
        Map<String, List<String>> alices = alice.web().get("/records/" + id + "/edit").form("record-form");
        alices.put("body", List.of("second words"));
        assertThat(alice.web().postForm("/records/" + id, alices).status()).isEqualTo(303);
        // Alice opens the form again: she holds the lease of version 2.
        assertThat(alice.web().get("/records/" + id + "/edit").has("lease-notice")).isFalse();

        WebClient.Page delete = bob.web().postForm("/records/" + id + "/delete",
                bob.web().get("/records/" + id + "/delete").form("delete-confirm-form"));
        WebClient.Page revert = admin.web().postForm("/records/" + id + "/revert/1",
                admin.web().get("/records/" + id + "/revert/1").form("revert-form"));
        WebClient.Page undo = admin.web().postForm("/records/" + id + "/undo/2",
                admin.web().get("/records/" + id + "/undo/2").form("undo-form"));

        for (WebClient.Page refused : List.of(delete, revert, undo)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.text("error-message")).contains("Alice is editing this record");
            assertThat(refused.has("kept-input")).as("the comment and the form are kept").isTrue();
        }
        assertThat(version(id)).isEqualTo(2);
        // Once the lease is free, the same delete goes through.
        assertThat(alice.release(id)).isEqualTo(204);
        assertThat(bob.web().postForm("/records/" + id + "/delete", delete.form("kept-input")).status()).isEqualTo(303);
        assertThat(version(id)).isEqualTo(3);
    }

    @Test
    void a_delete_that_lands_ends_the_deleters_lease_so_the_restored_record_is_free_to_edit() {
        long id = draft("Retired");
        assertThat(bob.web().get("/records/" + id + "/edit").has("lease-notice")).as("Bob holds it").isFalse();

        WebClient.Page deleted = bob.web().postForm("/records/" + id + "/delete",
                bob.web().get("/records/" + id + "/delete").form("delete-confirm-form"));

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(303);
        assertThat(sql.fetchCount(LEASE, LEASE.RECORD_ID.eq(id))).as("the delete ended Bob's lease").isZero();
        WebClient.Page restored = admin.web().postForm("/records/" + id + "/restore",
                admin.web().get("/collections/" + EXCLUSIVE + "/deleted").form("deleted-" + id));
        assertThat(restored.status()).as(restored.body()).isEqualTo(303);
        assertThat(alice.web().get("/records/" + id).has("lease-marker-" + id)).isFalse();
        WebClient.Page alicesForm = alice.web().get("/records/" + id + "/edit");
        assertThat(alicesForm.has("lease-notice")).isFalse();
        assertThat(alicesForm.element("record-fields")).doesNotContainKey("disabled");
    }

    @Test
    void in_an_exclusive_collection_a_restore_while_someone_else_holds_a_live_lease_is_refused_and_kept() {
        long id = draft("Shelved");
        assertThat(parts.records().deleteAsOf(id, 1, null, user("admin"))).isInstanceOf(DeleteOutcome.Deleted.class);
        // A lease left on a deleted record (no lease is taken on one now, but a node of an earlier version took
        // one when an edit form opened as the delete landed): the restore still respects it.
        sql.insertInto(LEASE, LEASE.RECORD_ID, LEASE.USER_ID, LEASE.SESSION_ID, LEASE.TAKEN_AT, LEASE.RENEWED_AT,
                LEASE.EXPIRES_AT).values(id, userId("bob"), "bobs-other-session", OffsetDateTime.now(),
                OffsetDateTime.now(), OffsetDateTime.now().plusMinutes(10)).execute();

        WebClient.Page refused = admin.web().postForm("/records/" + id + "/restore",
                admin.web().get("/collections/" + EXCLUSIVE + "/deleted").form("deleted-" + id));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("error-message")).contains("Bob is editing this record")
                // A deleted record's lease cannot be broken (its break answers 404): it runs out by itself.
                .doesNotContain("break the lease").contains("runs out by itself");
        assertThat(refused.has("kept-input")).isTrue();
        assertThat(version(id)).as("still deleted").isEqualTo(2);
        // Once the lease is free, the same restore goes through.
        parts.leases().release(id, user("bob"), "bobs-other-session");
        assertThat(admin.web().postForm("/records/" + id + "/restore", refused.form("kept-input")).status()).isEqualTo(303);
        assertThat(version(id)).isEqualTo(3);
    }

    @Test
    void a_lease_ends_when_its_holder_logs_out() {
        long id = draft("Memo");
        Person carol = Person.logIn(nodeB, "alice", TestApp.DEMO_PASSWORD);
        assertThat(carol.web().get("/records/" + id + "/edit").has("lease-notice")).isFalse();
        assertThat(bob.web().get("/records/" + id + "/edit").element("lease-notice")).containsEntry("data-holder", "Alice");

        assertThat(carol.web().post("/logout", WebClient.form("_csrf", carol.csrf())).status()).isEqualTo(303);

        assertThat(bob.web().get("/records/" + id + "/edit").has("lease-notice")).as("free once Alice left").isFalse();
        assertThat(sql.fetchCount(LEASE, LEASE.RECORD_ID.eq(id).and(LEASE.USER_ID.eq(userId("alice"))))).isZero();
    }

    // --- Advisory collections and what pages show ----------------------------------------

    @Test
    void in_an_advisory_collection_the_edit_form_names_the_holder_and_another_user_may_save_anyway() {
        long id = inventoryRecord();
        assertThat(alice.web().get("/records/" + id + "/edit").has("lease-notice")).isFalse();
        WebClient.Page bobsForm = bob.web().get("/records/" + id + "/edit");
        assertThat(bobsForm.element("lease-notice")).containsEntry("data-holder", "Alice");
        assertThat(bobsForm.has("edit-anyway")).isTrue();
        assertThat(bobsForm.element("record-fields")).doesNotContainKey("disabled");
        Map<String, List<String>> form = bobsForm.form("record-form");
        form.put("quantity", List.of("5"));

        WebClient.Page saved = bob.web().postForm("/records/" + id, form);

        assertThat(saved.status()).isEqualTo(303);
        assertThat(version(id)).isEqualTo(2);
        assertThat(bob.take(id).holder()).as("Bob's save leaves Alice's lease alone").isEqualTo("Alice");
    }

    @Test
    void the_record_page_and_the_list_mark_a_record_someone_is_editing() {
        long id = inventoryRecord();
        String marker = "lease-marker-" + id;
        alice.web().get("/records/" + id + "/edit");

        assertThat(bob.web().get("/records/" + id).text(marker)).isEqualTo("being edited by Alice");
        assertThat(bob.web().get("/collections/" + ADVISORY).text(marker)).isEqualTo("being edited by Alice");

        alice.release(id);
        assertThat(bob.web().get("/records/" + id).has(marker)).isFalse();
        assertThat(bob.web().get("/collections/" + ADVISORY).has(marker)).isFalse();
    }

    @Test
    void a_searched_or_sorted_list_marks_a_record_someone_is_editing() {
        long id = Records.create(alice.web(), ADVISORY, Map.of("name", "Zqmarked shelf", "sku", "MARK-1", "quantity", "1"));
        String marker = "lease-marker-" + id;
        alice.web().get("/records/" + id + "/edit");

        // The list's plans differ by order and search; each reads the editors with its records.
        for (String query : List.of("?q=zqmarked", "?q=zqmarked&sort=-name", "?q=zqmarked+shelf&sort=quantity",
                "?q=MARK-1&sort=-id")) {
            assertThat(bob.web().get("/collections/" + ADVISORY + query).text(marker)).as(query)
                    .isEqualTo("being edited by Alice");
        }
    }

    @Test
    void the_holder_sees_no_marker_and_an_expired_lease_marks_nothing() {
        long id = inventoryRecord();
        String marker = "lease-marker-" + id;
        alice.web().get("/records/" + id + "/edit");
        assertThat(alice.web().get("/records/" + id).has(marker)).as("her own lease").isFalse();
        assertThat(bob.web().get("/records/" + id).text(marker)).isEqualTo("being edited by Alice");

        expire(id);

        assertThat(bob.web().get("/records/" + id).has(marker)).isFalse();
        assertThat(bob.web().get("/collections/" + ADVISORY).has(marker)).isFalse();
    }

    @Test
    void an_open_form_renews_a_short_lease_at_half_its_length_and_any_other_every_minute() {
        User root = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        parts.collections().create("brief", "Brief", List.of(
                new FieldDef("title", "Title", FieldType.TEXT, true, false, null, null, false, List.of())),
                false, new Leasing(true, 1), root);
        long brief = Records.create(admin.web(), "brief", Map.of("title", "Quick"));

        WebClient.Page briefForm = alice.web().get("/records/" + brief + "/edit");
        WebClient.Page tenMinuteForm = alice.web().get("/records/" + inventoryRecord() + "/edit");

        // A renewal every minute would land after a one-minute lease ran out, every time.
        assertThat(briefForm.element("record-form")).containsEntry("data-lease-renew-ms", "30000");
        assertThat(tenMinuteForm.element("record-form")).containsEntry("data-lease-renew-ms", "60000");
    }

    @Test
    void the_list_marks_no_record_for_its_holder_as_the_record_page_does_not() {
        long id = inventoryRecord();
        String marker = "lease-marker-" + id;
        alice.web().get("/records/" + id + "/edit");
        Person aliceOnB = Person.logIn(nodeB, "alice", TestApp.DEMO_PASSWORD);

        assertThat(alice.web().get("/collections/" + ADVISORY).has(marker)).as("her own lease").isFalse();
        assertThat(aliceOnB.web().get("/collections/" + ADVISORY).has(marker)).as("hers from another session").isFalse();
        assertThat(aliceOnB.web().get("/records/" + id).has(marker)).isFalse();
        assertThat(bob.web().get("/collections/" + ADVISORY).text(marker)).isEqualTo("being edited by Alice");
    }

    @Test
    void closing_the_newer_of_two_tabs_editing_a_record_leaves_the_lease_to_the_other() {
        long id = draft("Two tabs");
        WebClient.Page firstTab = alice.web().get("/records/" + id + "/edit");
        OffsetDateTime since = alice.take(id).since();
        try (EventStream first = alice.web().events("/records/" + id + "/events?version=1&mode=editing")) {
            first.next("stream", EVENT_WAIT);
            WebClient.Page secondTab = alice.web().get("/records/" + id + "/edit");
            OffsetDateTime newest = OffsetDateTime.parse(secondTab.element("record-form").get("data-lease-expires"));
            try (EventStream second = alice.web().events("/records/" + id + "/events?version=1&mode=editing")) {
                String secondStream = second.next("stream", EVENT_WAIT).text("id");

                // The second tab is closed: its beacon names the newest expiry, which the lease has.
                assertThat(alice.release(id, newest, secondStream)).isEqualTo(204);
            }

            assertThat(bob.take(id).status()).as("the first tab still edits").isEqualTo(409);
            LeaseAnswer renewed = alice.take(id);
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(renewed.since()).as("the same lease, not a new one").isEqualTo(since);
        }
        assertThat(firstTab.status()).isEqualTo(200);
    }

    @Test
    void the_only_tab_editing_a_record_releases_its_lease_when_left_though_its_stream_is_still_open() {
        long id = draft("One tab");
        WebClient.Page tab = alice.web().get("/records/" + id + "/edit");
        OffsetDateTime expires = OffsetDateTime.parse(tab.element("record-form").get("data-lease-expires"));
        try (EventStream page = alice.web().events("/records/" + id + "/events?version=1&mode=editing")) {
            String stream = page.next("stream", EVENT_WAIT).text("id");

            assertThat(alice.release(id, expires, stream)).isEqualTo(204);

            assertThat(bob.take(id).status()).isEqualTo(200);
        }
        assertThat(alice.web().post("/records/" + id + "/lease/release",
                WebClient.form("_csrf", alice.csrf(), "stream", "not-a-stream")).status()).isEqualTo(400);
    }

    // --- Fixtures ------------------------------------------------------------------------

    /** A logged-in browser on one node, with its session's CSRF token. */
    private record Person(WebClient web, String csrf, String displayName) {

        static Person logIn(App node, String username, String password) {
            WebClient web = new WebClient(node.port()).logIn(username, password);
            WebClient.Page page = web.get("/collections");
            // The header names the user and their role: "Alice (editor)".
            return new Person(web, RawHttp.csrfOf(page.body()), page.text("current-user").replaceFirst(" \\([^)]*\\)$", ""));
        }

        /** {@code POST /records/{id}/lease}, as the edit form's script sends it (token in a header). */
        LeaseAnswer take(long id) {
            HttpResponse<String> answer = web.postWithToken("/records/" + id + "/lease", csrf);
            return new LeaseAnswer(answer.statusCode(), answer.body());
        }

        /** {@code POST /records/{id}/lease/release}, as a beacon sends it (token as a form field). */
        int release(long id) {
            return web.post("/records/" + id + "/lease/release", WebClient.form("_csrf", csrf)).status();
        }

        /** A beacon from a page that last saw its lease expire at {@code expires}. */
        int release(long id, OffsetDateTime expires) {
            return web.post("/records/" + id + "/lease/release",
                    WebClient.form("_csrf", csrf, "expires", expires.toString())).status();
        }

        /** A beacon from the page whose event stream is {@code stream}, which last saw its lease expire at {@code expires}. */
        int release(long id, OffsetDateTime expires, String stream) {
            return web.post("/records/" + id + "/lease/release",
                    WebClient.form("_csrf", csrf, "expires", expires.toString(), "stream", stream)).status();
        }
    }

    /** A lease route's answer. */
    private record LeaseAnswer(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        boolean held() {
            return json().get("held").asBoolean();
        }

        String holder() {
            return json().get("holder").asText();
        }

        OffsetDateTime since() {
            return OffsetDateTime.parse(json().get("since").asText());
        }

        OffsetDateTime expires() {
            return OffsetDateTime.parse(json().get("expires").asText());
        }
    }

    private record Timed(Person person, LeaseAnswer answer, Duration took) {}

    private static long inventoryRecord() {
        int n = created.incrementAndGet();
        return Records.create(alice.web(), ADVISORY, Map.of("name", "Leased " + n, "sku", "LEASE-" + n, "quantity", "1"));
    }

    private static long draft(String title) {
        return Records.create(admin.web(), EXCLUSIVE, Map.of("title", title, "body", "first words"));
    }

    /** Moves a lease's expiry into the past, as if its holder had stopped working on it long ago. */
    private static void expire(long recordId) {
        assertThat(sql.update(LEASE).set(LEASE.EXPIRES_AT, OffsetDateTime.now().minusMinutes(1))
                .where(LEASE.RECORD_ID.eq(recordId)).execute()).isEqualTo(1);
    }

    private static int version(long recordId) {
        return sql.select(RECORD.VERSION).from(RECORD).where(RECORD.ID.eq(recordId)).fetchSingle(RECORD.VERSION);
    }

    private static User user(String username) {
        return parts.users().all().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }

    private static long userId(String username) {
        return parts.users().all().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow().id();
    }
}
