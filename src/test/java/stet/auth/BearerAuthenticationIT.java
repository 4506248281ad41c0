package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.APP_USER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.support.ApiClient;
import stet.support.WebClient;
import stet.support.WebTest;
import stet.web.ErrorPages;
import stet.web.FormLabels;
import stet.web.Site;

/**
 * Bearer authentication of API requests ({@code /api/v1}): who a token is, what refuses
 * it (401 with a challenge), what its scope and its user's role allow (403), and that an
 * API answer never sets a cookie nor accepts the session cookie.
 *
 * <p>stet registers no API write route of its own yet, so writes are tried on a small
 * harness: a second Javalin over the same database with stet's own access check and
 * error mapping, and two routes (an editor's POST, an admin's GET).
 */
class BearerAuthenticationIT extends WebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Javalin harness;

    @BeforeAll
    static void startHarness() {
        Components parts = Components.build(app.database());
        harness = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.appData(Site.KEY, new Site(Optional.empty(), false, parts.hmac()));
            c.routes.beforeMatched(parts.authentication()::check);
            c.routes.post("/api/v1/echo", ctx -> ctx.json(Map.of("user", Authentication.user(ctx).username(),
                    "body", ctx.body())), Role.EDITOR);
            c.routes.get("/api/v1/admin-only", ctx -> ctx.json(Map.of("user", Authentication.user(ctx).username())),
                    Role.ADMIN);
            ErrorPages.register(c, parts.authentication()::identify, FormLabels.NONE);
        }).start(0);
    }

    @AfterAll
    static void stopHarness() {
        harness.stop();
    }

    @Test
    void me_answers_the_tokens_user_role_and_scope_and_sets_no_cookie() throws Exception {
        ApiClient alice = api("alice", TokenScope.READ);

        HttpResponse<String> me = alice.get("/api/v1/me");

        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(me.body());
        assertThat(body.get("username").asText()).isEqualTo("alice");
        assertThat(body.get("role").asText()).isEqualTo("editor");
        assertThat(body.get("token").get("scope").asText()).isEqualTo("read");
        assertThat(body.get("id").asLong()).isEqualTo(userId("alice"));
        assertThat(body.get("token").get("id").asLong()).isEqualTo(tokenIdOf(alice.secret()));
        assertThat(me.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void a_request_without_a_token_is_401_json_with_a_bearer_challenge_and_no_cookie() throws Exception {
        HttpResponse<String> refused = new ApiClient(app.port(), null).get("/api/v1/me");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"stet\"");
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("error").asText()).contains("Authorization: Bearer");
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void an_unknown_or_malformed_token_is_401_invalid_token() throws Exception {
        for (String header : new String[] {"Bearer stet_not-a-real-token", "bearer " + "x".repeat(500)}) {
            HttpResponse<String> refused = new ApiClient(app.port(), null).get("/api/v1/me", "Authorization", header);
            assertThat(refused.statusCode()).as(header).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"stet\", error=\"invalid_token\"");
            assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("This API token is not valid.");
        }
        HttpResponse<String> basic = new ApiClient(app.port(), null).get("/api/v1/me", "Authorization", "Basic YWxpY2U6eA==");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(basic.body()).get("error").asText()).contains("must be 'Bearer <token>'");
    }

    @Test
    void the_session_cookie_alone_does_not_authenticate_an_api_request_nor_does_any_cookie_get_set() throws Exception {
        WebClient alice = logIn("alice");
        String session = alice.cookie(Authentication.SESSION_COOKIE);
        ApiClient cookieOnly = new ApiClient(harness.port(), null);
        String csrf = alice.csrfToken();

        HttpResponse<String> read = new ApiClient(app.port(), null).get("/api/v1/me", "Cookie",
                Authentication.SESSION_COOKIE + "=" + session);
        HttpResponse<String> write = cookieOnly.json("POST", "/api/v1/echo", "{}", "Cookie",
                Authentication.SESSION_COOKIE + "=" + session, Authentication.CSRF_HEADER, csrf);

        for (HttpResponse<String> refused : java.util.List.of(read, write)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(401);
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void a_write_token_writes_without_any_csrf_token_and_gets_no_cookie() throws Exception {
        ApiClient bob = new ApiClient(harness.port(), ApiClient.secretFor(app, "bob", TokenScope.WRITE));

        HttpResponse<String> written = bob.json("POST", "/api/v1/echo", "{\"a\":1}");

        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(written.body()).get("user").asText()).isEqualTo("bob");
        assertThat(written.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void a_read_token_may_read_but_any_write_is_403_json() throws Exception {
        String secret = ApiClient.secretFor(app, "admin", TokenScope.READ);
        ApiClient read = new ApiClient(harness.port(), secret);

        assertThat(read.get("/api/v1/admin-only").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = read.json("POST", "/api/v1/echo", "{}");

        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("status").asInt()).isEqualTo(403);
        assertThat(body.get("error").asText()).contains("read scope");
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void a_token_has_its_users_role_now_an_editors_token_is_403_on_an_admin_route_until_promoted() {
        ApiClient carol = new ApiClient(harness.port(), ApiClient.secretFor(app, newUser("carol"), TokenScope.WRITE));

        assertThat(carol.get("/api/v1/admin-only").statusCode()).isEqualTo(403);
        dsl().update(APP_USER).set(APP_USER.ROLE, "admin").where(APP_USER.USERNAME.eq("carol")).execute();
        assertThat(carol.get("/api/v1/admin-only").statusCode()).isEqualTo(200);
    }

    @Test
    void an_expired_token_is_401_and_one_that_expires_today_still_works() throws Exception {
        ApiTokenService tokens = new ApiTokenService(dsl(), Clock.systemUTC());
        User alice = user("alice");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String expired = tokens.issue(alice, "old", TokenScope.READ, Optional.of(today.minusDays(1))).secret();
        String lastDay = tokens.issue(alice, "last day", TokenScope.READ, Optional.of(today)).secret();

        HttpResponse<String> refused = new ApiClient(app.port(), expired).get("/api/v1/me");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("This API token has expired.");
        assertThat(new ApiClient(app.port(), lastDay).get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void a_revoked_token_is_401_from_the_next_request_on() throws Exception {
        ApiTokenService tokens = new ApiTokenService(dsl(), Clock.systemUTC());
        ApiClient alice = api("alice", TokenScope.WRITE);
        assertThat(alice.get("/api/v1/me").statusCode()).isEqualTo(200);

        tokens.revoke(user("alice"), tokenIdOf(alice.secret()));

        HttpResponse<String> refused = alice.get("/api/v1/me");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("This API token has been revoked.");
    }

    @Test
    void a_deleted_users_tokens_stop_working() {
        ApiClient dave = new ApiClient(app.port(), ApiClient.secretFor(app, newUser("dave"), TokenScope.WRITE));
        assertThat(dave.get("/api/v1/me").statusCode()).isEqualTo(200);

        dsl().deleteFrom(APP_USER).where(APP_USER.USERNAME.eq("dave")).execute();

        assertThat(dave.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void the_secret_is_stored_only_as_its_sha256() {
        ApiClient alice = api("alice", TokenScope.READ);

        String stored = dsl().select(API_TOKEN.SECRET_HASH).from(API_TOKEN)
                .where(API_TOKEN.ID.eq(tokenIdOf(alice.secret()))).fetchSingle(API_TOKEN.SECRET_HASH);

        assertThat(alice.secret()).startsWith("stet_").hasSize(48);
        assertThat(stored).isEqualTo(SessionStore.hash(alice.secret())).doesNotContain(alice.secret().substring(5));
        assertThat(dsl().selectFrom(API_TOKEN).fetch().formatCSV()).doesNotContain(alice.secret().substring(5));
    }

    @Test
    void the_last_use_is_written_once_and_again_only_after_a_minute() {
        ApiClient alice = api("alice", TokenScope.READ);
        long id = tokenIdOf(alice.secret());
        assertThat(lastUsed(id)).isNull();

        alice.get("/api/v1/me");
        OffsetDateTime first = lastUsed(id);
        assertThat(first).isNotNull();
        alice.get("/api/v1/me");
        assertThat(lastUsed(id)).as("a second use within the minute writes nothing").isEqualTo(first);

        OffsetDateTime twoMinutesAgo = first.minusMinutes(2);
        dsl().update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, twoMinutesAgo).where(API_TOKEN.ID.eq(id)).execute();
        alice.get("/api/v1/me");
        assertThat(lastUsed(id)).as("written again after a minute").isAfterOrEqualTo(first).isAfter(twoMinutesAgo);
    }

    @Test
    void an_unknown_api_path_is_a_json_404_without_a_cookie() throws Exception {
        HttpResponse<String> missing = new ApiClient(app.port(), null).get("/api/v1/nothing-here");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("status").asInt()).isEqualTo(404);
        assertThat(missing.headers().allValues("Set-Cookie")).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static DSLContext dsl() {
        return app.database().dsl();
    }

    private static long userId(String username) {
        return user(username).id();
    }

    private static User user(String username) {
        return new UserStore(dsl()).findByUsername(username).orElseThrow();
    }

    /** Creates an editor and returns the username. */
    private static String newUser(String username) {
        new UserStore(dsl()).create(username, username, Role.EDITOR, "not-a-real-hash");
        return username;
    }

    private static long tokenIdOf(String secret) {
        return dsl().select(API_TOKEN.ID).from(API_TOKEN).where(API_TOKEN.SECRET_HASH.eq(SessionStore.hash(secret)))
                .fetchSingle(API_TOKEN.ID);
    }

    private static OffsetDateTime lastUsed(long id) {
        return dsl().select(API_TOKEN.LAST_USED_AT).from(API_TOKEN).where(API_TOKEN.ID.eq(id))
                .fetchSingle(API_TOKEN.LAST_USED_AT);
    }
}
