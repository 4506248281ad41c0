package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;
import static stet.e2e.User.ALICE;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A form posted after its session ended, in a real browser: stet's own form is kept
 * through the login and sent on; a form on another site that posts to stet is not.
 */
@EndToEnd
class SessionEndedIT {

    @Test
    void a_save_whose_session_ended_is_sent_on_after_logging_in_again(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        long id = Inventory.create(alice, "ENDED-1").id();
        alice.edit(id).set("name", "Kettle typed while away");
        alice.web().manage().deleteCookieNamed("stet_session"); // the session ends while Alice types

        alice.clickAndWait(css(testId("record-form"), testId("save-button")), "login-form");
        LoginPage login = new LoginPage(alice);
        assertThat(login.error()).contains("what you submitted is kept");
        RecordPage saved = login.logInToResubmit(ALICE).sendToRecord();

        assertThat(saved.id()).isEqualTo(id);
        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.value("name")).isEqualTo("Kettle typed while away");
    }

    @Test
    void a_form_on_another_site_posting_to_stet_is_not_kept_through_the_login(Browsers browsers) throws IOException {
        Browser alice = browsers.open("alice");
        alice.loginPage();
        String stet = alice.web().getCurrentUrl().replaceFirst("/login$", "");
        String attack = "<!DOCTYPE html><form method=post action='" + stet + "/collections/inventory/new'>"
                + "<input name=name value='Planted kettle'><input name=sku value='PLANTED-1'>"
                + "<input name=quantity value=1><input name=price value=1><input name=category value=Office>"
                + "</form><script>document.forms[0].submit()</script>";
        // Another site: 127.0.0.1 is a different site from localhost, where stet is opened.
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] body = attack.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        evil.start();
        try {
            alice.web().get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            alice.awaitPage("login-form");
        } finally {
            evil.stop(0);
        }
        LoginPage login = new LoginPage(alice);

        assertThat(login.error()).contains("did not come from a stet page, so it was not kept");
        CollectionsPage home = login.logInAs(ALICE); // to the collections: nothing is offered for sending on
        assertThat(home.currentUser()).hasValue("Alice (editor)");
        alice.visit("/collections/inventory");
        assertThat(alice.web().getPageSource()).doesNotContain("Planted kettle");
    }
}
