package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import stet.metrics.MetricsAccess.Verdict;

class MetricsAccessTest {

    private static final String TOKEN = "s3cret-metrics-token";
    private static final MetricsAccess WITH_TOKEN = new MetricsAccess(Optional.of(TOKEN));
    private static final MetricsAccess WITHOUT_TOKEN = new MetricsAccess(Optional.empty());

    private static UnaryOperator<String> headers(String... pairs) {
        Map<String, String> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @Test
    void loopback_peers_read_without_a_token_whether_or_not_one_is_configured() {
        for (String peer : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1"}) {
            assertThat(WITHOUT_TOKEN.decide(peer, headers())).as(peer).isEqualTo(Verdict.ALLOWED);
            assertThat(WITH_TOKEN.decide(peer, headers())).as(peer).isEqualTo(Verdict.ALLOWED);
        }
    }

    @Test
    void other_peers_are_refused_without_a_configured_token_even_when_they_send_one() {
        for (String peer : new String[] {"10.0.0.7", "203.0.113.9", "2001:db8::1", "::ffff:10.0.0.1", "128.0.0.1",
                "localhost", "127.0.0.1.example.com", "", null}) {
            assertThat(WITHOUT_TOKEN.decide(peer, headers("Authorization", "Bearer " + TOKEN))).as(peer)
                    .isEqualTo(Verdict.FORBIDDEN);
        }
    }

    @Test
    void with_a_configured_token_other_peers_need_exactly_that_bearer_token() {
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "Bearer " + TOKEN))).isEqualTo(Verdict.ALLOWED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "bearer " + TOKEN))).isEqualTo(Verdict.ALLOWED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers())).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "Bearer " + TOKEN + "x")))
                .isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "Bearer " + TOKEN.substring(1))))
                .isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "Basic " + TOKEN))).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", TOKEN))).isEqualTo(Verdict.UNAUTHORIZED);
        assertThat(WITH_TOKEN.decide("10.0.0.7", headers("Authorization", "Bearer"))).isEqualTo(Verdict.UNAUTHORIZED);
    }

    @Test
    void a_loopback_peer_that_forwards_for_someone_else_is_a_proxy_and_not_trusted() {
        for (String header : MetricsAccess.PROXY_HEADERS) {
            assertThat(WITHOUT_TOKEN.decide("127.0.0.1", headers(header, "203.0.113.9"))).as(header)
                    .isEqualTo(Verdict.FORBIDDEN);
            assertThat(WITH_TOKEN.decide("::1", headers(header, "203.0.113.9"))).as(header)
                    .isEqualTo(Verdict.UNAUTHORIZED);
            assertThat(WITH_TOKEN.decide("::1", headers(header, "203.0.113.9", "Authorization", "Bearer " + TOKEN)))
                    .as(header).isEqualTo(Verdict.ALLOWED);
        }
    }
}
