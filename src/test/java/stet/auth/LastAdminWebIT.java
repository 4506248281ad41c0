package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.APP_USER;
import static stet.support.WebClient.form;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

class LastAdminWebIT extends WebTest {

    private static final int ROUNDS = 10;

    @Test
    void an_admin_who_makes_themself_an_editor_is_taken_to_a_page_they_may_still_see() {
        WebClient admin = admin();
        admin.post("/admin/users", form("_csrf", admin.get("/admin/users").hidden("_csrf"), "username", "root3",
                "display_name", "Root Three", "role", "admin", "password", "root3-password"));
        WebClient root3 = browser().logIn("root3", "root3-password");

        WebClient.Page demoted = root3.post("/admin/users/" + userId("root3") + "/role",
                form("_csrf", root3.get("/admin/users").hidden("_csrf"), "role", "editor"));

        assertThat(demoted.status()).isEqualTo(303);
        assertThat(demoted.location()).isEqualTo("/collections");
        WebClient.Page next = root3.get(demoted.location());
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).contains("You are an editor now");
        assertThat(root3.get("/admin/users").status()).isEqualTo(403);
    }

    @Test
    void two_admins_demoting_each_other_at_once_leave_exactly_one_admin() throws Exception {
        WebClient admin = admin();
        admin.post("/admin/users", form("_csrf", admin.get("/admin/users").hidden("_csrf"), "username", "root2",
                "display_name", "Root Two", "role", "admin", "password", "root2-password"));
        WebClient root2 = browser().logIn("root2", "root2-password");
        long adminId = userId("admin");
        long root2Id = userId("root2");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String adminCsrf = admin.get("/collections").hidden("_csrf");
                String root2Csrf = root2.get("/collections").hidden("_csrf");
                CyclicBarrier startGate = new CyclicBarrier(2);
                Future<WebClient.Page> first = pool.submit(() -> {
                    startGate.await(10, TimeUnit.SECONDS);
                    return admin.post("/admin/users/" + root2Id + "/role", form("_csrf", adminCsrf, "role", "editor"));
                });
                Future<WebClient.Page> second = pool.submit(() -> {
                    startGate.await(10, TimeUnit.SECONDS);
                    return root2.post("/admin/users/" + adminId + "/role", form("_csrf", root2Csrf, "role", "editor"));
                });
                // 303 back to the users page, or 403 when the other demotion landed before this
                // request's role check: both are honest answers; what matters is who is admin after.
                assertThat(first.get(30, TimeUnit.SECONDS).status()).isIn(303, 403);
                assertThat(second.get(30, TimeUnit.SECONDS).status()).isIn(303, 403);

                List<String> admins = adminNames();
                assertThat(admins).as("admins after round %d", round).hasSize(1);
                // Whoever is still admin makes the other admin again for the next round.
                WebClient survivor = admins.get(0).equals("admin") ? admin : root2;
                long demoted = admins.get(0).equals("admin") ? root2Id : adminId;
                WebClient.Page restored = survivor.post("/admin/users/" + demoted + "/role",
                        form("_csrf", survivor.get("/collections").hidden("_csrf"), "role", "admin"));
                assertThat(restored.status()).isEqualTo(303);
                assertThat(adminNames()).containsExactly("admin", "root2");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long userId(String username) {
        return app.database().dsl().select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq(username))
                .fetchSingle(APP_USER.ID);
    }

    private static List<String> adminNames() {
        return app.database().dsl().select(APP_USER.USERNAME).from(APP_USER).where(APP_USER.ROLE.eq("admin"))
                .orderBy(APP_USER.USERNAME).fetch(APP_USER.USERNAME);
    }
}
