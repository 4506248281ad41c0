package stet.record;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a conflict with the same three texts was resolved before in the same collection.
 *
 * @param text what the conflict's place was given
 * @param resolvedBy who resolved it (their display name), or null when that user is gone
 * @param resolvedAt when
 */
public record RememberedResolution(String text, String resolvedBy, Instant resolvedAt) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_YEAR = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** "as Alice resolved it on 3 March" (the year too when it is not this year's). */
    public String describe(Instant now) {
        boolean thisYear = resolvedAt.atZone(ZoneOffset.UTC).getYear() == now.atZone(ZoneOffset.UTC).getYear();
        return "as " + (resolvedBy == null ? "someone" : resolvedBy) + " resolved it on "
                + (thisYear ? DAY : DAY_AND_YEAR).format(resolvedAt);
    }
}
