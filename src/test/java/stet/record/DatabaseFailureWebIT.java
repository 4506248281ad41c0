package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;
import static stet.record.RecordWebIT.idFrom;
import static stet.record.RecordWebIT.inventory;
import static stet.support.WebClient.form;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.support.BreakableConnections;
import stet.support.Invariants;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * What a save answers when the database goes away around its commit, as during a
 * restart: once committed, nothing may turn the answer into an error page; when the
 * commit itself failed, the page says the outcome is unknown and where to check.
 */
@ExtendWith(TestPostgres.class)
class DatabaseFailureWebIT {

    static Database db;
    static BreakableConnections breakable;
    static App app;

    @BeforeAll
    static void start(Database database) {
        db = database;
        breakable = new BreakableConnections();
        app = TestApp.start(db.wrapped(breakable::wrap));
    }

    @AfterEach
    void repair() {
        breakable.repair();
    }

    @AfterAll
    static void stop() {
        app.close();
        db.close();
    }

    static WebClient logIn(String user) {
        return new WebClient(app.port()).logIn(user, TestApp.DEMO_PASSWORD);
    }

    /** The text of the flash message on the page at {@code path}. */
    static String flash(WebClient client, String path) {
        Matcher m = Pattern.compile("data-testid=\"flash\"><span>([^<]*)</span>").matcher(client.get(path).body());
        assertThat(m.find()).as("a flash message on " + path).isTrue();
        return m.group(1).replace("&#39;", "'");
    }

    static int version(long id) {
        return db.dsl().fetchSingle(stet.db.jooq.Tables.RECORD, stet.db.jooq.Tables.RECORD.ID.eq(id)).getVersion();
    }

    @Test
    void a_save_whose_database_goes_away_right_after_the_commit_redirects_with_the_version_it_saved() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Lamp", "FAIL-1");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        breakable.breakAfterNextCommit();

        WebClient.Page saved = alice.post("/records/" + id, inventory(edit, "Lamp, brass", "FAIL-1", "5", "notes"));

        breakable.repair();
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(saved.location()).isEqualTo("/records/" + id);
        assertThat(flash(alice, "/records/" + id)).isEqualTo("Saved version 2.");
        assertThat(version(id)).isEqualTo(2);
        Invariants.assertHistoryConsistent(db.dsl(), id);
    }

    @Test
    void an_automatic_merge_whose_database_goes_away_right_after_the_commit_links_to_both_changes() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Desk", "FAIL-2");
        WebClient.Page aliceEdit = alice.get("/records/" + id + "/edit");
        bob.post("/records/" + id, inventory(bob.get("/records/" + id + "/edit"), "Desk", "FAIL-2", "5", "bob's notes"));
        breakable.breakAfterNextCommit();

        WebClient.Page saved = alice.post("/records/" + id, inventory(aliceEdit, "Desk, oak", "FAIL-2", "5", "notes"));

        breakable.repair();
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        String page = alice.get("/records/" + id).body();
        assertThat(page).contains("<span>Merged with Bob&#39;s change (version 2): ")
                .contains("<a href=\"/records/" + id + "/compare?from=1&amp;to=3\" data-testid=\"flash-link\">");
        assertThat(version(id)).isEqualTo(3);
    }

    @Test
    void a_create_whose_database_goes_away_right_after_the_commit_redirects_to_the_new_record() {
        WebClient alice = logIn("alice");
        WebClient.Page form = alice.get("/collections/inventory/new");
        breakable.breakAfterNextCommit();

        WebClient.Page created = alice.post("/collections/inventory/new", inventory(form, "Stool", "FAIL-3", "1", ""));

        breakable.repair();
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        long id = idFrom(created.location());
        assertThat(flash(alice, "/records/" + id)).isEqualTo("Created.");
        assertThat(version(id)).isEqualTo(1);
    }

    @Test
    void a_delete_whose_database_goes_away_right_after_the_commit_redirects_to_the_collection() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Crate", "FAIL-4");
        WebClient.Page view = alice.get("/records/" + id);
        breakable.breakAfterNextCommit();

        WebClient.Page deleted = alice.post("/records/" + id + "/delete", form("_csrf", view.hidden("_csrf"),
                "version", view.hidden("version"), "version_token", view.hidden("version_token")));

        breakable.repair();
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(303);
        assertThat(deleted.location()).isEqualTo("/collections/inventory");
        assertThat(version(id)).isEqualTo(2);
    }

    @Test
    void a_restore_whose_database_goes_away_right_after_the_commit_redirects_with_the_version_it_restored() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Kettle", "FAIL-6");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        WebClient.Page bobView = bob.get("/records/" + id);
        bob.post("/records/" + id + "/delete", form("_csrf", bobView.hidden("_csrf"), "version", bobView.hidden("version"),
                "version_token", bobView.hidden("version_token")));
        WebClient.Page deletedPage = alice.post("/records/" + id, inventory(edit, "Kettle, kept", "FAIL-6", "5", "notes"));
        assertThat(deletedPage.status()).isEqualTo(409);
        breakable.breakAfterNextCommit();

        WebClient.Page restored = alice.postForm("/records/" + id + "/restore", deletedPage.form("restore-form"));

        breakable.repair();
        assertThat(restored.status()).as(restored.body()).isEqualTo(303);
        assertThat(flash(alice, "/records/" + id)).isEqualTo("Restored as version 3.");
        assertThat(version(id)).isEqualTo(3);
    }

    @Test
    void a_save_whose_commit_fails_says_the_outcome_is_unknown_and_links_to_the_history() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Shelf", "FAIL-5");
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        breakable.failNextCommit();

        WebClient.Page answer = alice.post("/records/" + id, inventory(edit, "Shelf, tall", "FAIL-5", "5", "notes"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body())
                .contains("data-testid=\"error-message\">The database failed while saving your change, so we cannot"
                        + " tell whether it was saved. Check the record&#39;s history before you save again.</p>")
                .contains("<a href=\"/records/" + id + "/history\" data-testid=\"error-link\">")
                .doesNotContain("Nothing was changed");
    }
}
