package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
 * Cookies are {@code Secure} exactly when browsers reach stet over HTTPS: an
 * {@code https://} {@code STET_PUBLIC_URL}, or a trusted proxy's {@code X-Forwarded-Proto}.
 * Raw HTTP, since a cookie jar would hide the flag (and not send Secure cookies over http).
 */
@ExtendWith(TestPostgres.class)
class SecureCookiesIT {

    private static App behindHttpsUrl;
    private static App behindProxy;
    private static App direct;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start(Database db) {
        behindHttpsUrl = App.start(config(Optional.of(URI.create("https://stet.example.org")), false), db);
        behindProxy = App.start(config(Optional.empty(), true), db);
        direct = App.start(config(Optional.empty(), false), db);
    }

    @AfterAll
    static void stop() {
        behindHttpsUrl.close();
        behindProxy.close();
        direct.close();
    }

    private static Config config(Optional<URI> publicUrl, boolean trustProxy) {
        return new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD, publicUrl, trustProxy);
    }

    /** Every Set-Cookie of a login: the anonymous CSRF cookie, then the session cookie. */
    private static List<String> loginCookies(App app, String... headers) throws IOException, InterruptedException {
        String base = "http://localhost:" + app.port();
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/login")).GET();
        for (int i = 0; i < headers.length; i += 2) {
            get.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> page = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString());
        String anonCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", anonCookie.split(";", 2)[0])
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                        + "&username=alice&password=" + TestApp.DEMO_PASSWORD));
        for (int i = 0; i < headers.length; i += 2) {
            post.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> login = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        String session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("stet_session=")).findFirst().orElseThrow();
        return List.of(anonCookie, session);
    }

    private static boolean secure(String setCookie) {
        return Pattern.compile(";\\s*Secure(;|$)", Pattern.CASE_INSENSITIVE).matcher(setCookie).find();
    }

    @Test
    void cookies_are_secure_when_the_public_url_is_https() throws Exception {
        assertThat(loginCookies(behindHttpsUrl)).allMatch(SecureCookiesIT::secure).hasSize(2);
    }

    @Test
    void cookies_are_secure_when_a_trusted_proxy_says_https() throws Exception {
        assertThat(loginCookies(behindProxy, "X-Forwarded-Proto", "https")).allMatch(SecureCookiesIT::secure);
        assertThat(loginCookies(behindProxy, "X-Forwarded-Proto", "http")).noneMatch(SecureCookiesIT::secure);
    }

    @Test
    void a_forwarded_proto_is_ignored_without_a_trusted_proxy() throws Exception {
        assertThat(loginCookies(direct, "X-Forwarded-Proto", "https")).noneMatch(SecureCookiesIT::secure);
    }
}
