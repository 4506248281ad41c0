package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLogTest {

    @Test
    void a_short_plain_request_id_is_kept() {
        assertThat(RequestLog.requestId("abc")).isEqualTo("abc");
        assertThat(RequestLog.requestId("A.b-C_9")).isEqualTo("A.b-C_9");
        assertThat(RequestLog.requestId("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void any_other_request_id_is_replaced_by_a_new_random_one() {
        for (String offered : new String[] {null, "", "x".repeat(65), "two words", "id\nforged=line", "ä", "a/b", "a=b"}) {
            String id = RequestLog.requestId(offered);
            assertThat(id).as(String.valueOf(offered)).matches("[0-9a-f]{32}").isNotEqualTo(offered);
        }
        assertThat(RequestLog.requestId(null)).isNotEqualTo(RequestLog.requestId(null));
    }

    @Test
    void a_line_names_id_method_route_status_duration_and_user() {
        assertThat(RequestLog.line("r1", "POST", "/records/{id}", 303, 12.345f, "7"))
                .isEqualTo("id=r1 method=POST route=/records/{id} status=303 ms=12.3 user=7");
        assertThat(RequestLog.line("r2", "GET", "unmatched", 404, 0.04f, "-"))
                .isEqualTo("id=r2 method=GET route=unmatched status=404 ms=0.0 user=-");
        assertThat(RequestLog.line("r3", "GET", "/health", 200, 1234.96f, "-"))
                .isEqualTo("id=r3 method=GET route=/health status=200 ms=1235.0 user=-");
        assertThat(RequestLog.line("r4", "GET", "/health", 200, 7.05f, "-")).contains(" ms=7.1 ").doesNotContain("ms=7.0");
    }
}
