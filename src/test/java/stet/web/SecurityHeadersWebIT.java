package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.auth.TokenScope;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * Every answer carries the headers that keep a page from being framed, sniffed or leaking its
 * address: pages, error pages, the API, and a CSV export streamed past the response's buffer
 * (whose headers are sent before the export's end, so they must be set before it starts).
 */
class SecurityHeadersWebIT extends WebTest {

    @Test
    void pages_error_pages_and_the_api_carry_the_security_headers() {
        WebClient alice = logIn("alice");
        assertSecure(alice.headersOf("/collections/inventory"));
        assertSecure(alice.headersOf("/records/999999999"));
        assertSecure(api("alice", TokenScope.READ).get("/api/v1/collections").headers());
    }

    @Test
    void a_csv_export_streamed_past_the_buffer_carries_the_security_headers() {
        WebClient alice = logIn("alice");
        // Well past Jetty's 32 KB buffer: its first bytes go out before the export ends.
        for (int i = 0; i < 4; i++) {
            Records.create(alice, "inventory", Map.of("name", "Export " + i, "sku", "EXP-" + i, "quantity", "1",
                    "description", ("line " + i + " of a long description\n").repeat(2000)));
        }
        assertSecure(alice.headersOf("/collections/inventory/export.csv"));
        assertSecure(api("alice", TokenScope.READ).get("/api/v1/collections/inventory/records.csv").headers());
    }

    private static void assertSecure(HttpHeaders headers) {
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    }
}
