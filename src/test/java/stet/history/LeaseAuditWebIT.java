package stet.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/** An admin's break of someone's edit lease is in the audit log: who broke whose lease, when, on which record. */
class LeaseAuditWebIT extends WebTest {

    @Test
    void a_broken_lease_is_listed_in_the_audit_log_with_whose_it_was_and_who_broke_it() {
        WebClient alice = logIn("alice");
        long id = Records.create(alice, "inventory", Map.of("name", "Lamp", "sku", "LAMP-1", "quantity", "1"));
        assertThat(alice.get("/records/" + id + "/edit").status()).isEqualTo(200);
        WebClient admin = admin();
        String csrf = admin.get("/records/" + id + "/edit").hidden("_csrf");

        WebClient.Page broken = admin.post("/records/" + id + "/lease/break", WebClient.form("_csrf", csrf));

        assertThat(broken.status()).isEqualTo(303);
        Document audit = Jsoup.parse(admin.get("/admin/audit").body());
        assertThat(audit.select("[data-testid=lease-break]")).hasSize(1);
        assertThat(audit.select("[data-testid=lease-break] td").eachText())
                .containsSubsequence("Admin", "Alice").anyMatch(cell -> cell.equals("#" + id));
    }

    @Test
    void only_an_admin_may_break_a_lease() {
        WebClient alice = logIn("alice");
        long id = Records.create(alice, "inventory", Map.of("name", "Desk", "sku", "DESK-1", "quantity", "1"));
        alice.get("/records/" + id + "/edit");
        WebClient bob = logIn("bob");
        String csrf = bob.get("/records/" + id + "/edit").hidden("_csrf");

        WebClient.Page refused = bob.post("/records/" + id + "/lease/break", WebClient.form("_csrf", csrf));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(Jsoup.parse(bob.get("/records/" + id + "/edit").body()).select("[data-testid=lease-notice]")
                .attr("data-holder")).isEqualTo("Alice");
    }
}
