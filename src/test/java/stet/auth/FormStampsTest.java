package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormStampsTest {

    private static final Hmac HMAC = new Hmac(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static FormStamps at(Instant instant) {
        return new FormStamps(HMAC, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void a_stamp_names_its_user_for_its_own_path_only() {
        String stamp = at(NOW).issue(7, "/records/3");
        assertThat(at(NOW).userOf(stamp, "/records/3")).contains(7L);
        assertThat(at(NOW).userOf(stamp, "/records/3/delete")).isEmpty();
    }

    @Test
    void a_stamp_with_another_user_or_time_written_in_is_refused() {
        String stamp = at(NOW).issue(7, "/records/3");
        String signature = stamp.substring(stamp.lastIndexOf('.') + 1);
        assertThat(at(NOW).userOf("8." + NOW.getEpochSecond() + "." + signature, "/records/3")).isEmpty();
        assertThat(at(NOW).userOf("7." + (NOW.getEpochSecond() + 1) + "." + signature, "/records/3")).isEmpty();
        assertThat(at(NOW).userOf(null, "/records/3")).isEmpty();
        assertThat(at(NOW).userOf("garbage", "/records/3")).isEmpty();
        assertThat(at(NOW).userOf("x.y.z", "/records/3")).isEmpty();
    }

    @Test
    void a_stamp_lasts_as_long_as_the_longest_session_and_no_longer() {
        String stamp = at(NOW).issue(7, "/records/3");
        assertThat(at(NOW.plus(SessionStore.MAX_AGE)).userOf(stamp, "/records/3")).contains(7L);
        assertThat(at(NOW.plus(SessionStore.MAX_AGE).plusSeconds(1)).userOf(stamp, "/records/3")).isEmpty();
        assertThat(at(NOW.minus(Duration.ofSeconds(1))).userOf(stamp, "/records/3")).isEmpty();
    }
}
