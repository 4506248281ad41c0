package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Config;
import stet.db.Database;
import stet.support.TestApp;
import stet.support.TestPostgres;

/**
 * Log-in throttling counts the client's address: behind a trusted proxy the one the
 * proxy appended to {@code X-Forwarded-For}, so clients behind the same proxy do not
 * lock each other out; without a trusted proxy the header is the client's own claim
 * and is ignored.
 */
@ExtendWith(TestPostgres.class)
class ProxyAddressIT {

    private static App behindProxy;
    private static App direct;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start(Database proxied, Database plain) {
        behindProxy = App.start(config(true), proxied);
        direct = App.start(config(false), plain);
    }

    @AfterAll
    static void stop() {
        behindProxy.close();
        direct.close();
    }

    private static Config config(boolean trustProxy) {
        return new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD, Optional.empty(), trustProxy);
    }

    /** One wrong password for a username of its own (so only the address can lock), as {@code forwardedFor}. */
    private static int wrongPassword(App app, String username, String forwardedFor) throws Exception {
        String base = "http://localhost:" + app.port();
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                        + "&username=" + username + "&password=not-the-password"))
                .build();
        return HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void behind_a_trusted_proxy_one_clients_failures_do_not_lock_another_client_out() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(wrongPassword(behindProxy, "proxy-user-" + i, "203.0.113.7")).isEqualTo(401);
        }
        assertThat(wrongPassword(behindProxy, "proxy-user-6", "203.0.113.7")).isEqualTo(429);
        assertThat(wrongPassword(behindProxy, "proxy-user-7", "198.51.100.2")).isEqualTo(401);
        // Only the proxy's own (last) entry counts: a client cannot claim a fresh address.
        assertThat(wrongPassword(behindProxy, "proxy-user-8", "192.0.2.99, 203.0.113.7")).isEqualTo(429);
    }

    @Test
    void without_a_trusted_proxy_a_forwarded_for_header_is_ignored() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(wrongPassword(direct, "direct-user-" + i, "192.0.2." + i)).isEqualTo(401);
        }
        assertThat(wrongPassword(direct, "direct-user-6", "192.0.2.6")).isEqualTo(429);
    }
}
