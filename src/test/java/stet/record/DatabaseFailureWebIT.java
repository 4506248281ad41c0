package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;
import static stet.record.RecordWebIT.idFrom;
import static stet.record.RecordWebIT.inventory;
import static stet.support.WebClient.form;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * commit itself failed, the page says the outcome is unknown and where to check. A
 * form answered 503 while the database is away is kept, and its "Send again" form
 * goes on as the original form would, also after the session ended.
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

    /** Alice's edit form of record {@code id} with {@code name} typed, as her browser would send it. */
    static Map<String, List<String>> typedEdit(WebClient alice, long id, String name) {
        Map<String, List<String>> edit = new LinkedHashMap<>(alice.get("/records/" + id + "/edit").form("record-form"));
        edit.put("name", List.of(name));
        return edit;
    }

    /** The login page's form with the user's name and password typed, and whatever it keeps as it was. */
    static Map<String, List<String>> typedLogin(WebClient.Page loginPage, String user) {
        Map<String, List<String>> login = new LinkedHashMap<>(loginPage.form("login-form"));
        login.put("username", List.of(user));
        login.put("password", List.of(TestApp.DEMO_PASSWORD));
        return login;
    }

    /** Alice, her record {@code id}, and the "Send again" form of her save of it answered 503. */
    record KeptSave(WebClient alice, long id, Map<String, List<String>> kept) {}

    /**
     * Alice's save of a new record, answered 503 because the database was away before her
     * session was read, and her logout after: the session the kept form was made in has ended.
     */
    static KeptSave keptWhileAwayThenLoggedOut(String sku, String name) {
        WebClient alice = logIn("alice");
        long id = create(alice, "Lamp", sku);
        Map<String, List<String>> edit = typedEdit(alice, id, name);
        breakable.breakNow();
        WebClient.Page away = alice.postForm("/records/" + id, edit);
        breakable.repair();
        assertThat(away.status()).as(away.body()).isEqualTo(503);
        // Drawn without the user, whom the database that was away would have named: no fresh stamp.
        assertThat(away.has("current-user")).isFalse();
        Map<String, List<String>> kept = away.form("kept-input");
        assertThat(kept).containsEntry("name", List.of(name)).containsEntry("_replay", edit.get("_replay"));
        assertThat(alice.post("/logout", form("_csrf", alice.csrfToken())).status()).isEqualTo(303);
        return new KeptSave(alice, id, kept);
    }

    @Test
    void a_form_kept_while_the_database_was_away_is_kept_through_the_login_after_the_session_ended() {
        KeptSave save = keptWhileAwayThenLoggedOut("AWAY-1", "Lamp, typed during the outage");
        WebClient alice = save.alice();

        WebClient.Page landed = alice.postForm("/records/" + save.id(), save.kept());

        assertThat(landed.status()).as(landed.body()).isEqualTo(401);
        assertThat(landed.form("login-form")).containsEntry("replay:name", List.of("Lamp, typed during the outage"))
                .containsEntry("replay_action", List.of("/records/" + save.id()));
        WebClient.Page offered = alice.postForm("/login", typedLogin(landed, "alice"));
        assertThat(offered.status()).as(offered.body()).isEqualTo(200);
        WebClient.Page sent = alice.postForm("/records/" + save.id(), offered.form("resubmit-form"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(303);
        assertThat(version(save.id())).isEqualTo(2);
        assertThat(alice.get("/records/" + save.id()).body()).contains("Lamp, typed during the outage");
    }

    @Test
    void a_form_kept_while_the_database_was_away_is_offered_again_under_a_new_session_of_its_user() {
        KeptSave save = keptWhileAwayThenLoggedOut("AWAY-2", "Lamp, typed before a new session");
        WebClient alice = save.alice().logIn("alice", TestApp.DEMO_PASSWORD);

        WebClient.Page refused = alice.postForm("/records/" + save.id(), save.kept());

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.form("resubmit-form")).containsEntry("name", List.of("Lamp, typed before a new session"));
        assertThat(alice.postForm("/records/" + save.id(), refused.form("resubmit-form")).status()).isEqualTo(303);
        assertThat(version(save.id())).isEqualTo(2);
    }

    @Test
    void a_form_answered_503_after_its_user_was_known_is_kept_with_one_fresh_stamp() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Chair", "AWAY-3");
        Map<String, List<String>> edit = typedEdit(alice, id, "Chair, typed before the outage");
        breakable.onNextBegin(breakable::breakNow);

        WebClient.Page away = alice.postForm("/records/" + id, edit);

        breakable.repair();
        assertThat(away.status()).as(away.body()).isEqualTo(503);
        assertThat(away.has("current-user")).isTrue();
        Map<String, List<String>> kept = away.form("kept-input");
        assertThat(kept.get("_replay")).hasSize(1);
        assertThat(alice.post("/logout", form("_csrf", alice.csrfToken())).status()).isEqualTo(303);
        WebClient.Page landed = alice.postForm("/records/" + id, kept);
        assertThat(landed.status()).as(landed.body()).isEqualTo(401);
        assertThat(landed.form("login-form")).containsEntry("replay:name", List.of("Chair, typed before the outage"));
    }
}
