package stet.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
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

    @Test
    void writes_what_the_jdk_formatters_write_for_any_time() {
        DateTimeFormatter exact = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
        Random random = new Random(26);
        for (int i = 0; i < 20_000; i++) {
            // Years 1 to 12000, any offset, any nanosecond; "now" up to 400 days either side, or
            // (every other time) within an hour after, where the units' boundaries are.
            Instant instant = Instant.ofEpochSecond(-62_000_000_000L + (long) (random.nextDouble() * 440_000_000_000L),
                    random.nextInt(1_000_000_000));
            OffsetDateTime time = instant.atOffset(ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 3600));
            Instant now = i % 2 == 0
                    ? instant.plusNanos((long) ((random.nextDouble() - 0.5) * 800 * 86_400e9))
                    : instant.plusSeconds(random.nextInt(3_600) - 5).plusNanos(random.nextInt(2_000_000_000) - 1_000_000_000);
            assertThat(When.of(time, now))
                    .containsEntry("iso", instant.truncatedTo(ChronoUnit.SECONDS).toString())
                    .containsEntry("exact", exact.format(time.withOffsetSameInstant(ZoneOffset.UTC)))
                    .containsEntry("ago", When.ago(instant, now));
            assertThat(When.ago(instant, now)).isEqualTo(agoByDuration(instant, now));
        }
    }

    /** {@link When#ago} as it was first written, on {@link Duration}. */
    static String agoByDuration(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        return When.ago(Instant.EPOCH, Instant.ofEpochSecond(seconds));
    }
}
