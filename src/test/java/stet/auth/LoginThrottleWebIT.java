package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Log-in throttling over HTTP. Every request here comes from 127.0.0.1, so the address
 * throttle applies too; each test class has its own database, so no other test sees it.
 */
class LoginThrottleWebIT extends WebTest {

    private static final String THROTTLED_PREFIX =
            "Too many failed log-ins for this username or from your address. Try again in ";

    private static String throttled(int seconds) {
        return THROTTLED_PREFIX + seconds + " seconds.";
    }

    @Test
    void after_five_wrong_passwords_even_the_right_one_gets_429_with_retry_after_until_an_admin_unlocks() {
        WebClient admin = admin(); // logged in before the address is locked
        WebClient client = browser();
        String csrf = client.get("/login").hidden("_csrf");

        for (int attempt = 1; attempt <= 5; attempt++) {
            WebClient.Page refused = client.post("/login", form("_csrf", csrf, "username", "alice", "password", "wrong-" + attempt));
            assertThat(refused.status()).as("attempt %d", attempt).isEqualTo(401);
            assertThat(refused.body()).contains("Unknown user or wrong password.");
        }
        for (int attempt = 6; attempt <= 40; attempt++) {
            WebClient.Page throttled = client.post("/login", form("_csrf", csrf, "username", "alice", "password", "wrong-" + attempt));
            assertThat(throttled.status()).as("attempt %d", attempt).isEqualTo(429);
        }
        HttpResponse<String> right = client.postResponse("/login",
                form("_csrf", csrf, "username", "alice", "password", TestApp.DEMO_PASSWORD));
        assertThat(right.statusCode()).isEqualTo(429);
        // The lock began with the fifth attempt, a moment ago: the wait left is at most a minute.
        int retryAfter = Integer.parseInt(right.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(right.body()).contains(throttled(retryAfter)).contains("value=\"alice\"");
        // Whether the user exists makes no difference: same status, same message.
        WebClient.Page nobody = client.post("/login", form("_csrf", csrf, "username", "nobody", "password", "whatever-it-is"));
        assertThat(nobody.status()).isEqualTo(429);
        assertThat(nobody.body()).contains(THROTTLED_PREFIX);

        WebClient.Page users = admin.get("/admin/users");
        assertThat(users.body()).contains("data-testid=\"login-lock-username-alice\"")
                .contains("data-testid=\"login-lock-address-127.0.0.1\"");
        String adminCsrf = users.hidden("_csrf");
        WebClient.Page unlocked = admin.post("/admin/users/unlock", form("_csrf", adminCsrf, "kind", "username", "subject", "alice"));
        assertThat(unlocked.status()).isEqualTo(303);
        assertThat(admin.post("/admin/users/unlock", form("_csrf", adminCsrf, "kind", "address", "subject", "127.0.0.1")).status())
                .isEqualTo(303);
        assertThat(admin.get("/admin/users").body()).contains("Unlocked 127.0.0.1.").doesNotContain("login-lock-");

        WebClient.Page loggedIn = client.post("/login", form("_csrf", csrf, "username", "alice", "password", TestApp.DEMO_PASSWORD));
        assertThat(loggedIn.status()).isEqualTo(303);
    }

    /** The admin lifts the lock of the test's own address (every request comes from 127.0.0.1), so only the username's counts. */
    private static void unlockAddress(WebClient admin) {
        String csrf = admin.get("/admin/users").hidden("_csrf");
        assertThat(admin.post("/admin/users/unlock", form("_csrf", csrf, "kind", "address", "subject", "127.0.0.1")).status())
                .isEqualTo(303);
    }

    @Test
    void a_username_with_control_characters_is_throttled_and_counted_as_the_user_it_names() {
        WebClient admin = admin(); // logged in before the address is locked
        WebClient client = browser();
        String csrf = client.get("/login").hidden("_csrf");
        // Wrong guesses under variants of "bob" that the user store would read as bob.
        String[] variants = {"bob\u0002", "\u0003bob", "BOB\u0004", " bob\u001f", "b\u0005ob"};
        for (String variant : variants) {
            WebClient.Page refused = client.post("/login", form("_csrf", csrf, "username", variant, "password", "wrong"));
            assertThat(refused.status()).as(variant).isEqualTo(401);
        }
        assertThat(admin.get("/admin/users").body()).contains("data-testid=\"login-lock-username-bob\"");
        unlockAddress(admin);

        // bob is locked: neither his name nor a variant of it gets the right password checked.
        for (String name : new String[] {"bob", "bob\u0001", "\tbob", "bob\u0008"}) {
            WebClient.Page locked = client.post("/login", form("_csrf", csrf, "username", name, "password", TestApp.DEMO_PASSWORD));
            assertThat(locked.status()).as(name).isEqualTo(429);
        }
        assertThat(client.get("/collections").status()).isEqualTo(303);

        // Unlocked, a name with a control character in it is still nobody's: refused, never logged in as bob.
        String adminCsrf = admin.get("/admin/users").hidden("_csrf");
        admin.post("/admin/users/unlock", form("_csrf", adminCsrf, "kind", "username", "subject", "bob"));
        unlockAddress(admin);
        WebClient.Page controlled = client.post("/login", form("_csrf", csrf, "username", "bob\u0001", "password",
                TestApp.DEMO_PASSWORD));
        assertThat(controlled.status()).isEqualTo(401);
        assertThat(client.post("/login", form("_csrf", csrf, "username", " Bob ", "password", TestApp.DEMO_PASSWORD)).status())
                .isEqualTo(303);
    }

    @Test
    void unlocking_with_an_unknown_kind_is_a_400_and_changes_nothing() {
        WebClient admin = admin();
        String csrf = admin.get("/admin/users").hidden("_csrf");
        WebClient.Page bad = admin.post("/admin/users/unlock", form("_csrf", csrf, "kind", "planet", "subject", "mars"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Unlock a username or an address.");
    }

    @Test
    void new_passwords_need_twelve_characters_not_only_spaces_and_not_the_username() {
        WebClient admin = admin();
        String csrf = admin.get("/admin/users").hidden("_csrf");
        String[][] cases = {
            {"gina", "eleven-char"}, // 11
            {"gina", "             "},
            {"gina-the-admin", "gina-the-admin"},
            {"gina-the-admin", "GINA-THE-ADMIN"},
        };
        String[] messages = {
            "A password needs at least 12 characters.",
            "A password cannot be only spaces.",
            "A password cannot be the username.",
            "A password cannot be the username.",
        };
        for (int i = 0; i < cases.length; i++) {
            WebClient.Page refused = admin.post("/admin/users", form("_csrf", csrf, "username", cases[i][0],
                    "display_name", "Gina", "role", "editor", "password", cases[i][1]));
            assertThat(refused.status()).as(cases[i][1]).isEqualTo(422);
            assertThat(refused.body()).as(cases[i][1]).contains(messages[i]).contains("value=\"" + cases[i][0] + "\"");
        }
        assertThat(admin.get("/admin/users").body()).doesNotContain("gina");

        WebClient.Page created = admin.post("/admin/users", form("_csrf", csrf, "username", "gina",
                "display_name", "Gina", "role", "editor", "password", "twelve-chars"));
        assertThat(created.status()).isEqualTo(303);
        browser().logIn("gina", "twelve-chars");
    }
}
