package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.auth.TokenScope;
import stet.support.ApiClient;
import stet.support.Records;
import stet.support.StatementCounter;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * The round trips to PostgreSQL of the busiest requests, counted at the JDBC connection:
 * one query per need (the session with its user; the record with its definition's
 * version, so a cached definition needs no query; the save's conditional UPDATE, which
 * locks the definition and appends the revision in the same statement). A change that
 * adds a query to these paths fails here.
 */
@ExtendWith(TestPostgres.class)
class StatementsPerRequestIT {

    private static Database db;
    private static App app;
    private static final StatementCounter counter = new StatementCounter();
    private static WebClient client;
    private static long id;

    @BeforeAll
    static void start(Database database) {
        db = database;
        app = TestApp.start(db.wrapped(counter::wrap));
        client = new WebClient(app.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
        id = Records.create(client, "inventory",
                Map.of("name", "Lamp", "sku", "L-1", "quantity", "3", "description", "A lamp.\nWith a shade."));
    }

    @AfterAll
    static void stop() {
        app.close();
        db.close();
    }

    /** The statements and commits of one request, after a first load has filled the node's caches. */
    private static int[] count(Runnable request) {
        request.run();
        counter.reset();
        request.run();
        return new int[] {counter.statements(), counter.commits()};
    }

    private static Runnable get(String path) {
        return () -> assertThat(client.get(path).status()).isEqualTo(200);
    }

    @Test
    void the_record_page_reads_the_session_and_the_record_with_its_lease_and_the_edit_form_takes_the_lease_with_the_record() {
        // The record page reads who is editing it with the record; the edit form takes (or renews) the lease as it reads it.
        assertThat(count(get("/records/" + id))).containsExactly(2, 0);
        assertThat(count(get("/records/" + id + "/edit"))).containsExactly(2, 0);
    }

    @Test
    void an_api_request_reads_its_addresss_token_lock_and_its_token_with_the_user_and_writes_the_last_use_once_a_minute() {
        ApiClient api = new ApiClient(app.port(), ApiClient.secretFor(app, "admin", TokenScope.READ));
        counter.reset();
        assertThat(api.get("/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(counter.statements()).as("the first use writes the last use").isEqualTo(3);
        assertThat(count(() -> assertThat(api.get("/api/v1/me").statusCode()).isEqualTo(200))).containsExactly(2, 0);
    }

    @Test
    void the_history_page_reads_the_session_the_record_and_one_page_of_revisions() {
        assertThat(count(get("/records/" + id + "/history"))).containsExactly(3, 0);
    }

    @Test
    void the_list_page_reads_the_session_one_page_of_records_as_of_the_definition_it_knows_and_their_leases() {
        // The page's statement reads records only while the definition is the one this node knows.
        assertThat(count(get("/collections/inventory"))).containsExactly(3, 0);
        // A search that finds nothing walks the word's records, then fetches its matches; a page
        // with no record cannot tell an outdated definition from an empty page, so it asks.
        assertThat(count(get("/collections/inventory?q=nothing-matches-this"))).containsExactly(4, 0);
    }

    @Test
    void a_form_save_reads_the_session_and_the_record_writes_the_record_and_its_revision_then_ends_the_lease() {
        int[] counted = count(() -> {
            WebClient.Page form = client.get("/records/" + id + "/edit");
            Map<String, List<String>> fields = form.form("record-form");
            fields.put("quantity", List.of(Integer.toString(Integer.parseInt(fields.get("quantity").get(0)) + 1)));
            counter.reset();
            WebClient.Page saved = client.postForm("/records/" + id, fields);
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        });
        assertThat(counted).containsExactly(4, 1);
    }

    @Test
    void a_stale_form_save_reads_the_session_the_record_and_its_base_then_locks_merges_and_writes_in_one_transaction() {
        int[] counted = count(() -> {
            Map<String, List<String>> stale = client.get("/records/" + id + "/edit").form("record-form");
            Map<String, List<String>> other = client.get("/records/" + id + "/edit").form("record-form");
            other.put("quantity", List.of(Integer.toString(Integer.parseInt(other.get("quantity").get(0)) + 1)));
            assertThat(client.postForm("/records/" + id, other).status()).isEqualTo(303);
            stale.put("description", List.of(stale.get("description").get(0) + "\nA line more."));
            counter.reset();
            WebClient.Page merged = client.postForm("/records/" + id, stale);
            assertThat(merged.status()).as(merged.body()).isEqualTo(303);
        });
        // The session, the record, the base revision; then, in one transaction, the record
        // read under its row lock (issue 14: it replaced an unlocked read, so the count is
        // as before), the look-up of the form's key among the revisions after its version
        // (a double click is saved once) and the conditional UPDATE with its revision; then
        // the lease ends.
        assertThat(counted).containsExactly(7, 1);
    }
}
