package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.support.ApiClient;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * {@code STET_ADMIN_PASSWORD} applied at start-up: a new password is a reset, which lets in
 * no one who logged in with the old one; the same password at every restart changes nothing.
 * Each test starts a second node over the first one's database, as a restart of one of
 * several nodes does.
 */
@ExtendWith(TestPostgres.class)
class AdminPasswordResetIT {

    private static final String NEW_PASSWORD = "a-new-admin-password";

    @Test
    void a_new_admin_password_from_the_environment_ends_the_admins_sessions_and_revokes_their_api_tokens(DatabaseUrl url) {
        App running = TestApp.start(Database.connect(url));
        App restarted = null;
        try {
            WebClient admin = new WebClient(running.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
            WebClient alice = new WebClient(running.port()).logIn("alice", TestApp.DEMO_PASSWORD);
            ApiClient adminsScript = ApiClient.as(running, "admin", TokenScope.WRITE);
            ApiClient alicesScript = ApiClient.as(running, "alice", TokenScope.READ);

            restarted = TestApp.start(Database.connect(url), NEW_PASSWORD);

            assertThat(admin.get("/collections").status()).as("the admin's session").isEqualTo(303);
            assertThat(adminsScript.get("/api/v1/me").statusCode()).as("the admin's token").isEqualTo(401);
            assertThat(alice.get("/collections").status()).as("another user's session").isEqualTo(200);
            assertThat(alicesScript.get("/api/v1/me").statusCode()).as("another user's token").isEqualTo(200);
            new WebClient(restarted.port()).logIn("admin", NEW_PASSWORD);
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            running.close();
        }
    }

    @Test
    void the_same_admin_password_at_a_restart_keeps_the_admins_sessions_and_api_tokens(DatabaseUrl url) {
        App running = TestApp.start(Database.connect(url));
        App restarted = null;
        try {
            WebClient admin = new WebClient(running.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
            ApiClient adminsScript = ApiClient.as(running, "admin", TokenScope.WRITE);

            restarted = TestApp.start(Database.connect(url), TestApp.ADMIN_PASSWORD);

            assertThat(admin.get("/collections").status()).isEqualTo(200);
            assertThat(adminsScript.get("/api/v1/me").statusCode()).isEqualTo(200);
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            running.close();
        }
    }
}
