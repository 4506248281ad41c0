package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.APP_SESSION;
import static stet.db.jooq.Tables.REVISION;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * What the server relies on and the browser carries is signed: the flash message, the
 * merge page's original version. Logged-in pages are not cached, and a session ends
 * seven days after its login however active it is.
 */
class SignedStateIT extends WebTest {

    private static Map<String, List<String>> inventoryForm(WebClient client, String path, String name) {
        Map<String, List<String>> form = client.get(path).form("record-form");
        set(form, "name", name);
        set(form, "sku", name.toUpperCase().replace(' ', '-'));
        set(form, "quantity", "5");
        set(form, "price", "9.50");
        set(form, "category", "Office");
        return form;
    }

    private static long create(WebClient client, String name) {
        WebClient.Page created = client.postForm("/collections/inventory/new",
                inventoryForm(client, "/collections/inventory/new", name));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return Long.parseLong(created.location().substring("/records/".length()));
    }

    private static String sessionId(WebClient client) {
        return SessionStore.hash(client.cookie(Authentication.SESSION_COOKIE));
    }

    @Test
    void a_flash_cookie_not_signed_by_stet_is_not_shown() {
        WebClient alice = logIn("alice");
        String forged = "warning\n/\\evil.example\nCall support\nYour account is locked: call +1 555 0100.";
        alice.putCookie("stet_flash", URLEncoder.encode(forged, StandardCharsets.UTF_8));

        WebClient.Page page = alice.get("/collections");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Your account is locked").doesNotContain("evil.example");
    }

    @Test
    void a_flash_signed_by_stet_is_shown_once() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Flash lamp");

        assertThat(alice.get("/records/" + id).body()).contains("Created.");
        assertThat(alice.get("/records/" + id).body()).doesNotContain("Created.");
    }

    @Test
    void an_edit_form_posted_with_a_merge_base_of_its_own_is_refused_and_saves_nothing() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Plain lamp");
        Map<String, List<String>> edit = inventoryForm(alice, "/records/" + id + "/edit", "Plain lamp, relabelled");
        set(edit, "merge_base", "1"); // labels an ordinary edit as the resolution of a merge

        WebClient.Page answer = alice.postForm("/records/" + id, edit);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("version token");
        assertThat(app.database().dsl().fetchCount(REVISION, REVISION.RECORD_ID.eq(id))).isEqualTo(1);
    }

    @Test
    void logged_in_pages_are_not_stored_by_caches() {
        WebClient alice = logIn("alice");
        assertThat(alice.headersOf("/collections").allValues("Cache-Control")).containsExactly("no-store");
        assertThat(browser().headersOf("/login").allValues("Cache-Control")).doesNotContain("no-store");
    }

    @Test
    void a_session_ends_seven_days_after_its_login_however_active() {
        WebClient alice = logIn("alice");
        OffsetDateTime now = OffsetDateTime.now();
        app.database().dsl().update(APP_SESSION)
                .set(APP_SESSION.CREATED_AT, now.minus(Duration.ofDays(7)).minusMinutes(1))
                .set(APP_SESSION.EXPIRES_AT, now.plusHours(11)) // used a moment ago
                .where(APP_SESSION.ID.eq(sessionId(alice)))
                .execute();

        WebClient.Page page = alice.get("/collections");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).startsWith("/login");
    }

    @Test
    void using_a_session_never_pushes_its_end_past_seven_days_after_login() {
        WebClient alice = logIn("alice");
        OffsetDateTime loggedIn = OffsetDateTime.now().minus(Duration.ofDays(7)).plusHours(2).truncatedTo(ChronoUnit.MICROS);
        app.database().dsl().update(APP_SESSION)
                .set(APP_SESSION.CREATED_AT, loggedIn)
                .set(APP_SESSION.EXPIRES_AT, OffsetDateTime.now().plusMinutes(5)) // due for a refresh
                .where(APP_SESSION.ID.eq(sessionId(alice)))
                .execute();

        assertThat(alice.get("/collections").status()).isEqualTo(200);

        OffsetDateTime expires = app.database().dsl().select(APP_SESSION.EXPIRES_AT).from(APP_SESSION)
                .where(APP_SESSION.ID.eq(sessionId(alice))).fetchSingle(APP_SESSION.EXPIRES_AT);
        assertThat(expires.toInstant()).isEqualTo(loggedIn.plus(SessionStore.MAX_AGE).toInstant());
    }
}
