package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

class AuthWebIT extends WebTest {

    @Test
    void health_answers_200_when_the_database_answers() {
        WebClient.Page health = browser().getJson("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void static_files_need_no_login() {
        WebClient.Page css = browser().get("/static/stet.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("font");
    }

    @Test
    void anonymous_visitors_are_sent_to_the_login_page_and_back() {
        WebClient.Page page = browser().get("/collections/inventory");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/login?next=%2Fcollections%2Finventory");
    }

    @Test
    void login_with_the_right_password_starts_a_session_and_redirects_to_next() {
        WebClient client = browser();
        WebClient.Page login = client.get("/login?next=/collections/inventory");
        WebClient.Page result = client.post("/login", form("_csrf", login.hidden("_csrf"), "username", "alice",
                "password", TestApp.DEMO_PASSWORD, "next", login.hidden("next")));

        assertThat(result.status()).isEqualTo(303);
        assertThat(result.location()).isEqualTo("/collections/inventory");
        WebClient.Page inventory = client.get("/collections/inventory");
        assertThat(inventory.status()).isEqualTo(200);
        assertThat(inventory.body()).contains("Espresso machine").contains("Alice (editor)");
    }

    @Test
    void login_with_a_wrong_password_is_refused_and_keeps_the_username() {
        WebClient client = browser();
        WebClient.Page login = client.get("/login");
        WebClient.Page result = client.post("/login", form("_csrf", login.hidden("_csrf"), "username", "alice", "password", "wrong"));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).contains("Unknown user or wrong password.").contains("value=\"alice\"");
        // The username box takes the focus: the message is read out as it appears.
        assertThat(Jsoup.parse(result.body()).selectFirst("[data-testid=login-error]").attr("role")).isEqualTo("alert");
        assertThat(client.get("/collections").status()).isEqualTo(303);
    }

    @Test
    void login_never_redirects_to_another_site() {
        WebClient client = browser();
        WebClient.Page login = client.get("/login");
        WebClient.Page result = client.post("/login", form("_csrf", login.hidden("_csrf"), "username", "alice",
                "password", TestApp.DEMO_PASSWORD, "next", "//evil.example/"));
        assertThat(result.location()).isEqualTo("/");
    }

    @Test
    void a_next_with_a_tab_before_a_second_slash_goes_to_the_start_page() {
        WebClient client = browser();
        WebClient.Page login = client.get("/login?next=/%09/evil.example");
        assertThat(login.hidden("next")).isEqualTo("/");
        WebClient.Page result = client.post("/login", form("_csrf", login.hidden("_csrf"), "username", "alice",
                "password", TestApp.DEMO_PASSWORD, "next", "/\t/evil.example"));
        assertThat(result.location()).isEqualTo("/");
        assertThat(client.get("/login?next=/%09/evil.example").location()).isEqualTo("/");
    }

    @Test
    void login_issues_a_new_session_id_and_logout_ends_the_session() {
        WebClient client = browser();
        String secondTab = client.get("/login").hidden("_csrf"); // a login page left open in another tab
        client.logIn("bob", TestApp.DEMO_PASSWORD);
        String first = client.cookie("stet_session");
        assertThat(client.post("/login", form("_csrf", secondTab, "username", "bob", "password", TestApp.DEMO_PASSWORD)).status())
                .isEqualTo(303);
        String second = client.cookie("stet_session");
        assertThat(second).isNotEqualTo(first);

        WebClient.Page page = client.get("/collections");
        WebClient.Page logout = client.post("/logout", form("_csrf", page.hidden("_csrf")));
        assertThat(logout.status()).isEqualTo(303);
        assertThat(client.get("/collections").status()).isEqualTo(303);

        // The old cookie is dead on the server too, not only forgotten by this browser.
        assertThat(withSessionCookie(second, "/collections")).isEqualTo(303);
        assertThat(withSessionCookie(first, "/collections")).isEqualTo(303);
    }

    static int withSessionCookie(String token, String path) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.port() + path))
                    .header("Cookie", "stet_session=" + token)
                    .build();
            return java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void expired_sessions_end_and_are_removed_at_the_next_login() {
        WebClient stale = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        var sessions = stet.db.jooq.Tables.APP_SESSION;
        app.database().dsl().update(sessions).set(sessions.EXPIRES_AT, java.time.OffsetDateTime.now().minusMinutes(1)).execute();

        assertThat(stale.get("/collections").status()).as("expired").isEqualTo(303);
        browser().logIn("bob", TestApp.DEMO_PASSWORD);
        assertThat(app.database().dsl().fetchCount(sessions, sessions.EXPIRES_AT.le(java.time.OffsetDateTime.now()))).isZero();
    }

    @Test
    void session_cookie_is_http_only_and_same_site_lax() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        WebClient client = browser();
        WebClient.Page login = client.get("/login");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.port() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "stet_anon=" + client.cookie("stet_anon"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WebClient.encode(form(
                        "_csrf", login.hidden("_csrf"), "username", "alice", "password", TestApp.DEMO_PASSWORD))))
                .build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("stet_session=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void a_post_without_a_valid_csrf_token_is_forbidden() {
        WebClient client = browser().logIn("alice", TestApp.DEMO_PASSWORD);

        WebClient.Page missing = client.post("/logout", form());
        WebClient.Page wrong = client.post("/logout", form("_csrf", "not-the-token"));

        assertThat(missing.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(missing.body()).contains("security token");
        assertThat(client.get("/collections").status()).as("still logged in").isEqualTo(200);
    }

    @Test
    void logging_out_again_from_a_stale_tab_goes_to_the_login_page() {
        WebClient browser = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        String staleTabToken = browser.csrfToken();
        assertThat(browser.post("/logout", form("_csrf", staleTabToken)).status()).isEqualTo(303);

        WebClient.Page again = browser.post("/logout", form("_csrf", staleTabToken));

        assertThat(again.status()).isEqualTo(303);
        assertThat(again.location()).isEqualTo("/login");
        assertThat(browser.get("/login").body()).contains("You are logged out.");
    }

    @Test
    void logging_out_after_the_session_ended_elsewhere_goes_to_the_login_page_and_drops_the_cookie() {
        WebClient browser = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        String token = browser.csrfToken();
        // The same session logged out from another tab or node: the cookie here is still sent.
        WebClient elsewhere = browser();
        elsewhere.putCookie("stet_session", browser.cookie("stet_session"));
        assertThat(elsewhere.post("/logout", form("_csrf", elsewhere.csrfToken())).status()).isEqualTo(303);

        WebClient.Page stale = browser.post("/logout", form("_csrf", token));

        assertThat(stale.status()).isEqualTo(303);
        assertThat(stale.location()).isEqualTo("/login");
        assertThat(browser.cookie("stet_session")).isNull();
    }

    @Test
    void a_logout_posted_from_another_site_leaves_the_session_alone() {
        WebClient browser = browser().logIn("alice", TestApp.DEMO_PASSWORD);

        browser.postFromOtherSite("https://evil.example", "/logout", form());

        assertThat(browser.get("/collections").status()).as("still logged in").isEqualTo(200);
    }

    @Test
    void login_form_needs_its_csrf_token_too() {
        WebClient client = browser();
        client.get("/login");
        WebClient.Page result = client.post("/login", form("username", "alice", "password", TestApp.DEMO_PASSWORD));
        assertThat(result.status()).isEqualTo(403);
        assertThat(client.get("/collections").status()).isEqualTo(303);
    }

    @Test
    void editors_get_403_on_admin_pages_and_admins_do_not() {
        WebClient editor = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        WebClient.Page forbidden = editor.get("/admin/users");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).contains("403").contains("admin role").doesNotContain("Exception");

        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        assertThat(admin.get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void editor_cannot_create_users_even_with_a_valid_csrf_token() {
        WebClient editor = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        String csrf = editor.get("/collections").hidden("_csrf");
        WebClient.Page result = editor.post("/admin/users", form("_csrf", csrf, "username", "mallory",
                "display_name", "M", "role", "admin", "password", "long-enough-password"));
        assertThat(result.status()).isEqualTo(403);

        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        assertThat(admin.get("/admin/users").body()).doesNotContain("mallory");
    }

    @Test
    void admin_creates_a_user_who_can_then_log_in() {
        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        String csrf = admin.get("/admin/users").hidden("_csrf");

        WebClient.Page created = admin.post("/admin/users", form("_csrf", csrf, "username", "carol",
                "display_name", "Carol", "role", "admin", "password", "carol-password"));

        assertThat(created.status()).isEqualTo(303);
        WebClient carol = browser().logIn("carol", "carol-password");
        assertThat(carol.get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void a_display_name_is_counted_in_characters_so_a_hundred_emoji_fit() {
        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        String csrf = admin.get("/admin/users").hidden("_csrf");
        String emoji = "\uD83C\uDF3B"; // 🌻: one character, two UTF-16 units

        WebClient.Page created = admin.post("/admin/users", form("_csrf", csrf, "username", "sunny",
                "display_name", emoji.repeat(100), "role", "editor", "password", "sunny-password"));
        WebClient.Page over = admin.post("/admin/users", form("_csrf", csrf, "username", "sunnier",
                "display_name", emoji.repeat(101), "role", "editor", "password", "sunny-password"));

        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.text("error-display_name")).contains("at most 100 characters");
    }

    @Test
    void invalid_new_user_is_refused_with_messages_and_keeps_the_input() {
        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        String csrf = admin.get("/admin/users").hidden("_csrf");

        WebClient.Page result = admin.post("/admin/users", form("_csrf", csrf, "username", "Bad Name!",
                "display_name", "Someone", "role", "editor", "password", "short"));

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body()).contains("value=\"Bad Name!\"").contains("value=\"Someone\"")
                .contains("at least 12 characters");
    }

    @Test
    void each_invalid_input_of_a_new_user_is_marked_and_tied_to_its_message() {
        WebClient admin = browser().logIn("admin", TestApp.ADMIN_PASSWORD);
        String csrf = admin.get("/admin/users").hidden("_csrf");

        WebClient.Page result = admin.post("/admin/users", form("_csrf", csrf, "username", "Bad Name!",
                "display_name", "x".repeat(101), "role", "boss", "password", "short"));

        assertThat(result.status()).isEqualTo(422);
        Document page = Jsoup.parse(result.body());
        for (String id : List.of("new-username", "new-display", "new-role", "new-password")) {
            Element input = page.getElementById(id);
            assertThat(input.attr("aria-invalid")).as(id).isEqualTo("true");
            Element message = page.getElementById(input.attr("aria-describedby"));
            assertThat(message).as(id).isNotNull();
            assertThat(message.hasClass("error")).as(id).isTrue();
        }
        assertThat(page.getElementById(page.getElementById("new-username").attr("aria-describedby")).attr("data-testid"))
                .isEqualTo("error-username");
        // The first invalid input has the focus, as the form below the list of users is where the problem is.
        assertThat(page.select("[autofocus]")).extracting(e -> e.id()).containsExactly("new-username");
        assertThat(page.getElementById(page.getElementById("new-password").attr("aria-describedby")).attr("data-testid"))
                .isEqualTo("error-password");
        assertThat(Jsoup.parse(admin.get("/admin/users").body()).select("[data-testid=new-user-form] [aria-invalid]")).isEmpty();
    }

    @Test
    void unknown_pages_are_404_pages_without_stack_traces() {
        WebClient client = browser().logIn("alice", TestApp.DEMO_PASSWORD);
        for (String path : new String[] {"/records/999999", "/records/not-a-number", "/collections/nope", "/no/such/page"}) {
            WebClient.Page page = client.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("404").doesNotContain("Exception").doesNotContain("at stet.");
        }
    }
}
