package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import stet.auth.TokenScope;
import stet.support.ApiClient;
import stet.support.RawHttp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Every address that answers GET answers HEAD (RFC 9110 9.3.2: the same status and headers,
 * no body), as uptime monitors, link checkers and {@code curl -I} ask: checked as GET is
 * checked (a login to see a page, a token to read the API), never taken as a write.
 */
class HeadRequestsWebIT extends WebTest {

    @Test
    void public_addresses_answer_head_with_the_status_and_headers_of_get_and_no_body() {
        HttpResponse<String> health = browser().head("/health");
        HttpResponse<String> login = browser().head("/login");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(browser().head("/static/stet.css").statusCode()).isEqualTo(200);
        // On the wire: the headers and nothing after them.
        RawHttp.Answer raw = new RawHttp(app.port()).send("HEAD", "/health", null, null);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).isEmpty();
    }

    @Test
    void a_page_answers_head_only_to_whoever_may_get_it() {
        WebClient alice = logIn("alice");

        HttpResponse<String> list = alice.head("/collections/inventory");
        HttpResponse<String> anonymous = browser().head("/collections/inventory");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/login?next=%2Fcollections%2Finventory");
        assertThat(alice.head("/admin/users").statusCode()).isEqualTo(403);
        assertThat(alice.head("/no/such/page").statusCode()).isEqualTo(404);
    }

    @Test
    void a_read_token_gets_a_records_etag_with_head_and_a_write_only_address_says_which_methods_it_answers() {
        ApiClient reader = api("alice", TokenScope.READ);
        long id = firstRecord(logIn("alice"));

        HttpResponse<String> record = reader.send("HEAD", "/api/v1/records/" + id, null, null);
        HttpResponse<String> logout = browser().head("/logout");

        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        assertThat(record.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(new ApiClient(app.port(), null).send("HEAD", "/api/v1/records/" + id, null, null).statusCode())
                .isEqualTo(401);
        assertThat(logout.statusCode()).isEqualTo(405);
        assertThat(logout.headers().firstValue("Allow")).contains("POST");
    }

    private static long firstRecord(WebClient alice) {
        Matcher link = Pattern.compile("href=\"/records/(\\d+)\"").matcher(alice.get("/collections/inventory").body());
        assertThat(link.find()).as("the demo collection has a record").isTrue();
        return Long.parseLong(link.group(1));
    }
}
