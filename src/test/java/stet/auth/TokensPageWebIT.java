package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.API_TOKEN;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.support.ApiClient;
import stet.support.WebClient;
import stet.support.WebTest;

/** The personal API tokens page, /account/tokens: create (secret shown once), list, revoke; an admin's view of all. */
class TokensPageWebIT extends WebTest {

    @Test
    void a_created_token_shows_its_secret_once_works_as_a_bearer_and_is_listed_without_it() {
        WebClient alice = logIn("alice");
        WebClient.Page page = alice.get("/account/tokens");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.has("tokens-page")).isTrue();
        assertThat(page.has("token-secret")).isFalse();

        WebClient.Page created = create(alice, "nightly sync", "write", "");

        assertThat(created.status()).isEqualTo(201);
        String secret = created.element("token-secret").get("value");
        assertThat(secret).startsWith("stet_");
        long id = tokenIdOf(secret);
        assertThat(created.text("token-" + id)).contains("nightly sync").contains("write").contains("never").contains("active");
        assertThat(new ApiClient(app.port(), secret).get("/api/v1/me").statusCode()).isEqualTo(200);

        WebClient.Page again = alice.get("/account/tokens");
        assertThat(again.has("token-secret")).isFalse();
        assertThat(again.body()).doesNotContain(secret);
        assertThat(again.text("token-" + id)).contains("nightly sync").doesNotContain("never used");
        assertThat(again.has("revoke-" + id)).isTrue();
    }

    @Test
    void a_token_name_is_counted_in_characters_so_a_hundred_emoji_fit() {
        WebClient alice = logIn("alice");
        String emoji = "\uD83D\uDD11"; // 🔑: one character, two UTF-16 units

        WebClient.Page created = create(alice, emoji.repeat(ApiTokenService.MAX_NAME), "read", "");
        WebClient.Page over = create(alice, emoji.repeat(ApiTokenService.MAX_NAME + 1), "read", "");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.text("error-name")).contains("at most 100 characters");
    }

    @Test
    void the_page_is_linked_from_the_header_of_every_logged_in_page() {
        assertThat(logIn("bob").get("/collections").element("tokens-link").get("href")).isEqualTo("/account/tokens");
    }

    @Test
    void invalid_input_re_renders_with_a_message_per_field_keeps_what_was_typed_and_creates_nothing() {
        WebClient bob = logIn("bob");
        int before = tokenCount();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        WebClient.Page past = create(bob, "my script", "read", yesterday);
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.text("error-expires")).contains("in the past");
        assertThat(past.form("new-token-form")).containsEntry("name", List.of("my script"))
                .containsEntry("scope", List.of("read")).containsEntry("expires", List.of(yesterday));

        WebClient.Page blank = create(bob, "   ", "write", "2026-02-30");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.text("error-name")).contains("Give the token a name");
        assertThat(blank.text("error-expires")).contains("YYYY-MM-DD");
        assertThat(blank.form("new-token-form")).containsEntry("scope", List.of("write"))
                .containsEntry("expires", List.of("2026-02-30"));

        WebClient.Page tooLong = create(bob, "n".repeat(ApiTokenService.MAX_NAME + 1), "admin", "");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.text("error-name")).contains("at most 100 characters");
        assertThat(tooLong.text("error-scope")).contains("Choose read or write");
        Document tooLongPage = Jsoup.parse(tooLong.body());
        assertThat(tooLongPage.select("[autofocus]")).extracting(e -> e.id()).containsExactly("token-name");
        assertThat(Jsoup.parse(create(bob, "a name", "admin", "").body()).select("[autofocus]"))
                .extracting(e -> e.id()).containsExactly("token-scope");
        Element scope = tooLongPage.getElementById("token-scope");
        assertThat(scope.attr("aria-invalid")).isEqualTo("true");
        assertThat(tooLongPage.getElementById(scope.attr("aria-describedby")).attr("data-testid")).isEqualTo("error-scope");

        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void an_expiry_date_of_today_is_accepted_and_listed() {
        WebClient bob = logIn("bob");
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        WebClient.Page created = create(bob, "today only", "read", today);

        assertThat(created.status()).isEqualTo(201);
        long id = tokenIdOf(created.element("token-secret").get("value"));
        assertThat(created.text("token-" + id)).contains("end of " + today);
    }

    @Test
    void creating_without_the_csrf_token_is_refused_and_creates_nothing() {
        WebClient alice = logIn("alice");
        int before = tokenCount();

        WebClient.Page refused = alice.post("/account/tokens", WebClient.form("name", "x", "scope", "write", "expires", ""));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void the_owner_revokes_a_token_and_the_list_shows_it_revoked_without_a_button() {
        WebClient alice = logIn("alice");
        long id = tokenIdOf(create(alice, "to revoke", "read", "").element("token-secret").get("value"));

        WebClient.Page revoked = revoke(alice, id);

        assertThat(revoked.status()).isEqualTo(303);
        assertThat(revoked.location()).isEqualTo("/account/tokens");
        WebClient.Page list = alice.get("/account/tokens");
        assertThat(list.text("flash")).contains("Revoked the token").contains("to revoke");
        assertThat(list.element("token-" + id)).containsEntry("data-state", "revoked");
        assertThat(list.has("revoke-" + id)).isFalse();
    }

    @Test
    void an_editor_sees_only_their_own_tokens_and_cannot_revoke_anothers() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long alices = tokenIdOf(create(alice, "alice's", "read", "").element("token-secret").get("value"));

        assertThat(bob.get("/account/tokens").has("token-" + alices)).isFalse();
        WebClient.Page refused = revoke(bob, alices);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(alice.get("/account/tokens").element("token-" + alices)).containsEntry("data-state", "active");
        assertThat(revoke(bob, 999_999).status()).isEqualTo(404);
    }

    @Test
    void an_admin_sees_everyones_tokens_with_their_owner_and_revokes_any() {
        WebClient bob = logIn("bob");
        String secret = create(bob, "bob's export", "write", "").element("token-secret").get("value");
        long id = tokenIdOf(secret);
        WebClient admin = admin();

        WebClient.Page list = admin.get("/account/tokens");
        assertThat(list.text("token-" + id)).startsWith("bob").contains("bob's export");

        assertThat(revoke(admin, id).status()).isEqualTo(303);
        assertThat(new ApiClient(app.port(), secret).get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(bob.get("/account/tokens").element("token-" + id)).containsEntry("data-state", "revoked");
    }

    @Test
    void the_page_needs_a_login() {
        WebClient.Page page = browser().get("/account/tokens");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).startsWith("/login");
    }

    private static WebClient.Page create(WebClient client, String name, String scope, String expires) {
        Map<String, List<String>> form = client.get("/account/tokens").form("new-token-form");
        set(form, "name", name);
        set(form, "scope", scope);
        set(form, "expires", expires);
        return client.postForm("/account/tokens", form);
    }

    private static WebClient.Page revoke(WebClient client, long id) {
        return client.post("/account/tokens/" + id + "/revoke", WebClient.form("_csrf", client.csrfToken()));
    }

    private static long tokenIdOf(String secret) {
        return app.database().dsl().select(API_TOKEN.ID).from(API_TOKEN)
                .where(API_TOKEN.SECRET_HASH.eq(SessionStore.hash(secret))).fetchSingle(API_TOKEN.ID);
    }

    private static int tokenCount() {
        return app.database().dsl().fetchCount(API_TOKEN);
    }
}
