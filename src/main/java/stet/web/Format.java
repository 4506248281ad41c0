package stet.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Small formatting helpers every template can call as {@code fmt}. They return plain
 * text; templates print it with {@code th:text}, so nothing here can become markup.
 */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** When, in UTC, as "2026-11-25 14:02 UTC". */
    public String time(OffsetDateTime time) {
        return time == null ? "" : TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** The time of day only, as "14:02". */
    public String clock(OffsetDateTime time) {
        return time == null ? "" : CLOCK.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /**
     * The content of a textarea. HTML drops one newline right after {@code <textarea>},
     * so a value that starts with a blank line would lose it; a leading newline that the
     * parser eats keeps the value exact.
     */
    public String textarea(String value) {
        return "\n" + (value == null ? "" : value);
    }

    /** How a stored boolean reads. */
    public String yesNo(String value) {
        // No value is "no": a yes/no field added after the record was written, shown unticked by its form.
        return "true".equals(value) ? "Yes" : "No";
    }
}
