package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.RECORD;
import static stet.support.WebClient.form;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A form posted after its session ended lands on the login page; what it carried is sent
 * on after the login only when it came from a form stet rendered for the user who logs
 * in. The attacks are scripted the way a browser would carry them out.
 */
class SessionReplayIT extends WebTest {

    private static final String EVIL = "https://evil.example";

    /**
     * Everything a victim does after being sent to the login page: logs in through the
     * page as shown and, when a page offers to send the kept form on, clicks its button.
     *
     * @return the last answer
     */
    private static WebClient.Page logInAndResubmit(WebClient victim, WebClient.Page loginPage, String user, String password) {
        Map<String, List<String>> login = new LinkedHashMap<>(loginPage.form("login-form"));
        set(login, "username", user);
        set(login, "password", password);
        WebClient.Page afterLogin = victim.postForm("/login", login);
        if (!afterLogin.body().contains("data-testid=\"resubmit-form\"")) {
            return afterLogin;
        }
        Matcher action = Pattern.compile("<form [^>]*action=\"([^\"]*)\"[^>]*data-testid=\"resubmit-form\"")
                .matcher(afterLogin.body());
        assertThat(action.find()).isTrue();
        return victim.postForm(action.group(1), afterLogin.form("resubmit-form"));
    }

    /** The "new record" form of the inventory as {@code user} fills it in, not yet sent. */
    private static Map<String, List<String>> typedNewRecord(WebClient user, String name, String sku) {
        Map<String, List<String>> create = user.get("/collections/inventory/new").form("record-form");
        set(create, "name", name);
        set(create, "sku", sku);
        set(create, "quantity", "3");
        set(create, "price", "2.50");
        set(create, "category", "Office");
        return create;
    }

    private static int users(String username) {
        return app.database().dsl().fetchCount(APP_USER, APP_USER.USERNAME.eq(username));
    }

    @Test
    void a_cross_site_post_to_admin_users_while_logged_out_creates_no_user_after_the_admin_logs_in() {
        WebClient admin = browser();
        WebClient.Page landed = admin.postFromOtherSite(EVIL, "/admin/users",
                form("username", "mallory", "display_name", "Mallory", "role", "admin", "password", "mallory-password-1"));

        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.form("login-form")).doesNotContainKeys("replay_action", "replay:username", "replay:role");
        assertThat(landed.body()).contains("Your session has ended, so nothing was done.");

        WebClient.Page last = logInAndResubmit(admin, landed, "admin", TestApp.ADMIN_PASSWORD);

        assertThat(last.status()).isEqualTo(303);
        assertThat(last.location()).isEqualTo("/");
        assertThat(users("mallory")).isZero();
    }

    @Test
    void a_cross_site_post_of_a_record_while_logged_out_is_not_kept_through_the_login() {
        WebClient alice = browser();
        int before = app.database().dsl().fetchCount(RECORD);
        WebClient.Page landed = alice.postFromOtherSite(EVIL, "/collections/inventory/new",
                form("name", "Planted", "sku", "EVIL-1", "quantity", "1", "price", "1", "category", "Office"));

        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.form("login-form")).doesNotContainKeys("replay_action", "replay:name");
        assertThat(landed.body()).contains("did not come from a stet page, so it was not kept");

        WebClient.Page last = logInAndResubmit(alice, landed, "alice", TestApp.DEMO_PASSWORD);

        assertThat(last.status()).isEqualTo(303);
        assertThat(app.database().dsl().fetchCount(RECORD)).isEqualTo(before);
    }

    @Test
    void a_same_origin_post_without_a_form_stamp_is_not_kept() {
        WebClient alice = browser();
        WebClient.Page login = alice.get("/login");
        WebClient.Page landed = alice.post("/collections/inventory/new", form("_csrf", login.hidden("_csrf"),
                "name", "Unstamped", "sku", "NO-STAMP", "quantity", "1", "price", "1", "category", "Office"));

        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.form("login-form")).doesNotContainKeys("replay_action", "replay:name");
    }

    @Test
    void a_form_stamped_for_another_user_is_not_sent_on_after_the_login() {
        // Bob copies the stamp of his own "new record" form into a form he gets Alice to send.
        WebClient bob = logIn("bob");
        String bobsStamp = bob.get("/collections/inventory/new").form("record-form").get("_replay").get(0);
        int before = app.database().dsl().fetchCount(RECORD);

        WebClient alice = browser();
        WebClient.Page login = alice.get("/login");
        WebClient.Page landed = alice.post("/collections/inventory/new", form("_csrf", login.hidden("_csrf"),
                "_replay", bobsStamp, "name", "Planted by Bob", "sku", "BOB-1", "quantity", "1", "price", "1",
                "category", "Office"));
        assertThat(landed.status()).isEqualTo(401);

        WebClient.Page last = logInAndResubmit(alice, landed, "alice", TestApp.DEMO_PASSWORD);

        assertThat(last.status()).isEqualTo(303);
        assertThat(last.location()).isEqualTo("/");
        assertThat(alice.get("/collections").body()).contains("it was not made on a page of yours");
        assertThat(app.database().dsl().fetchCount(RECORD)).isEqualTo(before);
    }

    /** A POST to stet with only an Origin header (browsers before Sec-Fetch-Site), without cookies. */
    private static WebClient.Page postWithOrigin(String origin, String path, Map<String, String> form) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.port() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", origin)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WebClient.encode(form)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new WebClient.Page(response.statusCode(), response.body(), null);
    }

    @Test
    void without_sec_fetch_site_the_origin_header_decides() throws Exception {
        WebClient alice = logIn("alice");
        String stamp = alice.get("/collections/inventory/new").form("record-form").get("_replay").get(0);
        Map<String, String> typed = form("_replay", stamp, "name", "Typed on an old browser");

        WebClient.Page own = postWithOrigin("http://localhost:" + app.port(), "/collections/inventory/new", typed);
        WebClient.Page other = postWithOrigin("http://localhost.evil.example", "/collections/inventory/new", typed);

        assertThat(own.status()).isEqualTo(401);
        assertThat(own.form("login-form")).containsEntry("replay:name", List.of("Typed on an old browser"));
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.form("login-form")).doesNotContainKeys("replay_action", "replay:name");
    }

    @Test
    void a_stamp_for_another_path_does_not_keep_a_submission() {
        WebClient alice = logIn("alice");
        String stamp = alice.get("/collections/inventory/new").form("record-form").get("_replay").get(0);
        alice.post("/logout", form("_csrf", alice.get("/collections").hidden("_csrf")));

        WebClient.Page landed = alice.post("/records/1/delete", form("_replay", stamp, "version", "1"));

        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.form("login-form")).doesNotContainKeys("replay_action", "replay:version");
    }

    @Test
    void an_admin_form_is_never_sent_on_after_the_login_even_from_stets_own_page() {
        WebClient admin = admin();
        Map<String, List<String>> newUser = admin.get("/admin/users").form("new-user-form");
        set(newUser, "username", "dora");
        set(newUser, "display_name", "Dora");
        set(newUser, "password", "dora-password-1");
        app.database().dsl().deleteFrom(APP_SESSION).execute(); // the session ends while the admin types

        WebClient.Page landed = admin.postForm("/admin/users", newUser);

        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.body()).contains("form is never sent on after logging in");
        assertThat(landed.form("login-form")).doesNotContainKeys("replay_action", "replay:username");
        logInAndResubmit(admin, landed, "admin", TestApp.ADMIN_PASSWORD);
        assertThat(users("dora")).isZero();
    }

    @Test
    void a_save_from_stets_own_form_after_the_session_ended_is_sent_on_after_logging_in() {
        WebClient alice = logIn("alice");
        Map<String, List<String>> create = typedNewRecord(alice, "Kept lamp", "KEPT-1");
        app.database().dsl().deleteFrom(APP_SESSION).execute(); // the session ends while Alice types

        WebClient.Page landed = alice.postForm("/collections/inventory/new", create);
        assertThat(landed.status()).isEqualTo(401);
        assertThat(landed.form("login-form")).containsEntry("replay:name", List.of("Kept lamp"))
                .containsEntry("replay_action", List.of("/collections/inventory/new"));

        WebClient.Page last = logInAndResubmit(alice, landed, "alice", TestApp.DEMO_PASSWORD);

        assertThat(last.status()).isEqualTo(303);
        assertThat(alice.get(last.location()).body()).contains("Kept lamp");
    }

    @Test
    void a_second_login_page_logs_in_after_the_first_did_and_offers_its_kept_submission() {
        WebClient alice = logIn("alice");
        Map<String, List<String>> create = typedNewRecord(alice, "Kept across two tabs", "TWO-TABS-1");
        app.database().dsl().deleteFrom(APP_SESSION).execute(); // the session ends while Alice types
        WebClient.Page keptLogin = alice.postForm("/collections/inventory/new", create); // tab B: the login page, input kept
        assertThat(keptLogin.form("login-form")).containsEntry("replay:name", List.of("Kept across two tabs"));

        alice.logIn("alice", TestApp.DEMO_PASSWORD); // tab A logs in first
        WebClient.Page last = logInAndResubmit(alice, keptLogin, "alice", TestApp.DEMO_PASSWORD);

        assertThat(last.status()).isEqualTo(303);
        assertThat(alice.get(last.location()).body()).contains("Kept across two tabs");
    }

    @Test
    void a_login_page_refused_while_another_tab_is_logged_in_logs_in_on_the_next_try() {
        WebClient alice = browser();
        WebClient.Page tabB = alice.get("/login");
        alice.logIn("alice", TestApp.DEMO_PASSWORD); // tab A
        Map<String, List<String>> login = new LinkedHashMap<>(tabB.form("login-form"));
        set(login, "username", "alice");
        set(login, "password", "mistyped");
        WebClient.Page refused = alice.postForm("/login", login);
        assertThat(refused.status()).isEqualTo(401);

        Map<String, List<String>> again = new LinkedHashMap<>(refused.form("login-form"));
        set(again, "username", "alice");
        set(again, "password", TestApp.DEMO_PASSWORD);
        assertThat(alice.postForm("/login", again).status()).isEqualTo(303);
    }

    @Test
    void a_login_posted_from_another_site_is_refused_even_with_a_login_pages_token() {
        WebClient victim = browser();
        String token = victim.get("/login").hidden("_csrf");

        WebClient.Page crossSite = victim.postFromOtherSite(EVIL, "/login",
                form("_csrf", token, "username", "alice", "password", TestApp.DEMO_PASSWORD));

        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(victim.get("/collections").status()).isEqualTo(303);
    }

    /** A record of alice's, and its edit form with a new name typed, not yet sent. */
    private static Map<String, List<String>> typedEdit(WebClient alice, long id, String name) {
        Map<String, List<String>> edit = alice.get("/records/" + id + "/edit").form("record-form");
        set(edit, "name", name);
        return edit;
    }

    private static long newRecord(WebClient alice, String sku) {
        return Records.create(alice, "inventory", Map.of("name", "Desk lamp", "sku", sku, "quantity", "1", "price", "1",
                "category", "Office"));
    }

    /** Logs out in another tab and in again as {@code user}: the browser has a new session. */
    private static void newSession(WebClient browser, String user) {
        assertThat(browser.post("/logout", form("_csrf", browser.csrfToken())).status()).isEqualTo(303);
        browser.logIn(user, TestApp.DEMO_PASSWORD);
    }

    @Test
    void an_edit_form_of_an_ended_session_is_offered_again_when_its_user_has_a_new_session() {
        WebClient alice = logIn("alice");
        long id = newRecord(alice, "NEW-SESSION-1");
        Map<String, List<String>> edit = typedEdit(alice, id, "Typed before the new session");
        newSession(alice, "alice");

        WebClient.Page refused = alice.postForm("/records/" + id, edit);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.form("resubmit-form")).containsEntry("name", List.of("Typed before the new session"))
                .containsEntry("_csrf", List.of(alice.csrfToken()));
        assertThat(alice.get("/records/" + id).body()).doesNotContain("Typed before the new session");
        Matcher action = Pattern.compile("<form [^>]*action=\"([^\"]*)\"[^>]*data-testid=\"resubmit-form\"")
                .matcher(refused.body());
        assertThat(action.find()).isTrue();
        assertThat(action.group(1)).isEqualTo("/records/" + id);
        WebClient.Page sent = alice.postForm(action.group(1), refused.form("resubmit-form"));
        assertThat(sent.status()).isEqualTo(303);
        assertThat(alice.get("/records/" + id).body()).contains("Typed before the new session");
    }

    @Test
    void what_will_be_sent_names_the_fields_by_label_without_the_forms_own_state_and_keeps_a_leading_line_break() {
        WebClient alice = logIn("alice");
        long id = newRecord(alice, "SHOWN-1");
        Map<String, List<String>> edit = typedEdit(alice, id, "Shown by label");
        set(edit, "description", "\nafter a blank line");
        newSession(alice, "alice");

        WebClient.Page refused = alice.postForm("/records/" + id, edit);

        assertThat(refused.status()).isEqualTo(403);
        Document page = Jsoup.parse(refused.body());
        List<String> names = page.select("[data-testid=resubmit-page] details dt").eachText();
        assertThat(names).contains("Name", "Description", "Quantity in stock")
                .doesNotContain("name", "description", "idempotency_key", "_fields", "version", "version_token", "_csrf");
        // <pre> drops a line break right after its tag (as a browser does, so does jsoup): the value's own stays.
        Element description = page.select("[data-testid=resubmit-page] details dt").stream()
                .filter(dt -> dt.text().equals("Description")).findFirst().orElseThrow();
        assertThat(description.nextElementSibling().selectFirst("pre").wholeText()).isEqualTo("\nafter a blank line");
        // Still all sent, exactly.
        assertThat(refused.form("resubmit-form")).containsKeys("idempotency_key", "_fields", "version", "version_token")
                .containsEntry("description", List.of("\nafter a blank line"));
    }

    @Test
    void a_form_of_the_live_session_sent_without_its_token_is_a_plain_403_though_stamped() {
        WebClient alice = logIn("alice");
        long id = newRecord(alice, "NO-TOKEN-1");
        Map<String, List<String>> edit = new LinkedHashMap<>(typedEdit(alice, id, "Sent without a token"));
        // Every page stet renders carries the token: a form without one is no form of an ended session.
        edit.remove("_csrf");

        WebClient.Page refused = alice.postForm("/records/" + id, edit);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("missing its security token");
        assertThat(refused.has("resubmit-form")).isFalse();
        assertThat(alice.get("/records/" + id).body()).doesNotContain("Sent without a token");
    }

    @Test
    void an_edit_form_of_another_users_ended_session_or_without_a_stamp_is_a_plain_403() {
        WebClient browser = logIn("alice");
        long id = newRecord(browser, "NEW-SESSION-2");
        Map<String, List<String>> alicesEdit = typedEdit(browser, id, "Typed by Alice");
        Map<String, List<String>> unstamped = new LinkedHashMap<>(typedEdit(browser, id, "Typed without a stamp"));
        unstamped.remove("_replay");
        newSession(browser, "bob");

        WebClient.Page asBob = browser.postForm("/records/" + id, alicesEdit);
        newSession(browser, "alice");
        WebClient.Page withoutStamp = browser.postForm("/records/" + id, unstamped);

        for (WebClient.Page refused : List.of(asBob, withoutStamp)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("missing its security token");
            assertThat(refused.has("resubmit-form")).isFalse();
            assertThat(refused.has("kept-input")).isFalse();
        }
        assertThat(browser.get("/records/" + id).body()).doesNotContain("Typed by Alice").doesNotContain("Typed without a stamp");
    }
}
