package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A page says in its header that it is HTML in UTF-8, not only in its markup: a script or
 * a test suite that reads the bytes decodes them by the header (an HTTP client without a
 * charset may take ISO-8859-1), and every page holds characters outside ASCII (the title's
 * {@code ·}, users' values).
 */
class PageEncodingWebIT extends WebTest {

    @Test
    void pages_for_anyone_are_sent_as_html_in_utf_8() {
        assertThat(contentType(browser(), "/login")).isEqualTo("text/html;charset=utf-8");
    }

    @Test
    void a_users_pages_and_error_pages_are_sent_as_html_in_utf_8() {
        WebClient alice = logIn("alice");

        assertThat(contentType(alice, "/collections/inventory")).isEqualTo("text/html;charset=utf-8");
        assertThat(contentType(alice, "/collections/inventory/new")).isEqualTo("text/html;charset=utf-8");
        assertThat(contentType(alice, "/no/such/page")).isEqualTo("text/html;charset=utf-8");
    }

    /** The Content-Type header of a GET, as the media type and its parameters without spaces, lower-cased. */
    private static String contentType(WebClient client, String path) {
        return client.headersOf(path).firstValue("Content-Type").orElse("none")
                .replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
