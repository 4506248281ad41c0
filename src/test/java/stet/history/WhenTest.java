package stet.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WhenTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static String ago(String then) {
        return When.ago(Instant.parse(then), NOW);
    }

    @Test
    void reads_in_the_largest_whole_unit() {
        assertThat(ago("2026-11-26T11:59:30Z")).isEqualTo("just now");
        assertThat(ago("2026-11-26T11:59:10Z")).isEqualTo("1 minute ago");
        assertThat(ago("2026-11-26T11:57:00Z")).isEqualTo("3 minutes ago");
        assertThat(ago("2026-11-26T11:00:00Z")).isEqualTo("1 hour ago");
        assertThat(ago("2026-11-25T13:00:00Z")).isEqualTo("23 hours ago");
        assertThat(ago("2026-11-25T12:00:00Z")).isEqualTo("1 day ago");
        assertThat(ago("2026-10-28T12:00:00Z")).isEqualTo("29 days ago");
        assertThat(ago("2026-09-26T12:00:00Z")).isEqualTo("2 months ago");
        assertThat(ago("2024-11-26T12:00:00Z")).isEqualTo("2 years ago");
    }

    @Test
    void a_time_just_ahead_of_this_clock_is_now() {
        assertThat(ago("2026-11-26T12:00:05Z")).isEqualTo("just now");
    }

    @Test
    void gives_the_instant_to_the_second_and_the_exact_time_in_utc() {
        OffsetDateTime tokyo = OffsetDateTime.of(2026, 11, 26, 20, 49, 34, 123_456_000, ZoneOffset.ofHours(9));
        assertThat(When.of(tokyo, NOW)).containsEntry("iso", "2026-11-26T11:49:34Z")
                .containsEntry("exact", "2026-11-26 11:49 UTC").containsEntry("ago", "10 minutes ago");
        assertThat(When.of(null, NOW)).containsEntry("iso", "").containsEntry("ago", "");
    }
}
