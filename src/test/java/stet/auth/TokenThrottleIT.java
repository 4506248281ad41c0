package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.API_TOKEN;
import static stet.db.jooq.Tables.LOGIN_THROTTLE;
import static stet.support.WebClient.form;

import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import stet.support.ApiClient;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Bad bearer tokens are throttled like failed log-ins, per client address (every request
 * here comes from 127.0.0.1; the class has its own database): at the fifth unknown token
 * in a streak the address gets 429 with Retry-After, before any token is looked up.
 */
class TokenThrottleIT extends WebTest {

    @Test
    void five_unknown_tokens_lock_the_address_even_for_a_valid_token_until_an_admin_unlocks_it() {
        WebClient admin = admin();
        ApiClient valid = api("alice", TokenScope.READ);
        long validId = tokenIdOf(valid.secret());

        for (int attempt = 1; attempt <= LoginThrottle.THRESHOLD; attempt++) {
            HttpResponse<String> refused = new ApiClient(app.port(), "stet_guess-" + attempt).get("/api/v1/me");
            assertThat(refused.statusCode()).as("attempt %d", attempt).isEqualTo(401);
        }
        for (ApiClient client : new ApiClient[] {new ApiClient(app.port(), "stet_guess-6"), valid}) {
            HttpResponse<String> throttled = client.get("/api/v1/me");
            assertThat(throttled.statusCode()).isEqualTo(429);
            int retryAfter = Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1, 60);
            assertThat(throttled.body()).contains("\"status\":429").contains("Too many unknown API tokens from your address");
            assertThat(throttled.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(lastUsed(validId)).as("the valid token was not even looked up").isNull();

        // Log-ins from the same address are counted apart: the form still works.
        assertThat(logIn("bob").get("/collections").status()).isEqualTo(200);

        WebClient.Page users = admin.get("/admin/users");
        assertThat(users.body()).contains("data-testid=\"login-lock-token-127.0.0.1\"");
        assertThat(admin.post("/admin/users/unlock", form("_csrf", users.hidden("_csrf"), "kind", "token",
                "subject", "127.0.0.1")).status()).isEqualTo(303);
        assertThat(valid.get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void expired_and_revoked_tokens_are_refused_but_not_counted_as_guesses() {
        ApiTokenService tokens = new ApiTokenService(app.database().dsl(), Clock.systemUTC());
        ApiClient revoked = api("bob", TokenScope.READ);
        User bob = new UserStore(app.database().dsl()).findByUsername("bob").orElseThrow();
        tokens.revoke(bob, tokenIdOf(revoked.secret()));

        for (int attempt = 1; attempt <= 2 * LoginThrottle.THRESHOLD; attempt++) {
            assertThat(revoked.get("/api/v1/me").statusCode()).as("attempt %d", attempt).isEqualTo(401);
        }
        assertThat(app.database().dsl().fetchCount(LOGIN_THROTTLE, LOGIN_THROTTLE.KIND.eq("token"))).isZero();
    }

    private static long tokenIdOf(String secret) {
        return app.database().dsl().select(API_TOKEN.ID).from(API_TOKEN)
                .where(API_TOKEN.SECRET_HASH.eq(SessionStore.hash(secret))).fetchSingle(API_TOKEN.ID);
    }

    private static java.time.OffsetDateTime lastUsed(long id) {
        return app.database().dsl().select(API_TOKEN.LAST_USED_AT).from(API_TOKEN).where(API_TOKEN.ID.eq(id))
                .fetchSingle(API_TOKEN.LAST_USED_AT);
    }
}
