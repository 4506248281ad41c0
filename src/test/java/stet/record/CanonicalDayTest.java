package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pattern that tells a date field's days from leftover strings matches every day of the years 1 to 9999, and nothing else. */
class CanonicalDayTest {

    @Test
    void matches_every_day_of_the_years_1_to_9999() {
        List<String> missed = new ArrayList<>();
        for (LocalDate day = LocalDate.of(1, 1, 1); day.getYear() < 10_000; day = day.plusDays(1)) {
            if (!RecordQuery.CANONICAL_DAY.matcher(day.toString()).matches()) {
                missed.add(day.toString());
            }
        }
        assertThat(missed).isEmpty();
    }

    @Test
    void matches_no_string_that_is_no_day() {
        for (String notDay : List.of("0000-01-01", "2026-02-30", "2026-13-45", "1900-02-29", "2100-02-29", "2026-04-31",
                "2026-00-10", "2026-01-00", "9999-12-31x", "hello", "", "26-01-01", "+12026-01-01", "2026-1-01")) {
            assertThat(RecordQuery.CANONICAL_DAY.matcher(notDay).matches()).as(notDay).isFalse();
        }
        for (String day : List.of("2000-02-29", "2024-02-29", "0400-02-29", "0004-02-29", "9999-12-31", "0001-01-01")) {
            assertThat(RecordQuery.CANONICAL_DAY.matcher(day).matches()).as(day).isTrue();
        }
    }
}
