package stet.history;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import stet.web.Format;

/**
 * When something happened, as the history pages show it: "3 minutes ago" in a
 * {@code <time>} element whose {@code datetime} is the instant and whose title is the
 * exact time in UTC. static/history.js rewrites the title in the viewer's time zone;
 * without JavaScript it stays in UTC, labelled so. Built as a map because templates
 * read a map entry far more cheaply than they call a method.
 */
final class When {

    private static final Format FORMAT = new Format();

    private When() {}

    /**
     * The entries {@code iso} (the instant to the second, as a {@code datetime} attribute
     * wants it), {@code exact} ("2026-11-25 14:02 UTC") and {@code ago} ("3 minutes ago"),
     * relative to {@code now}; empty strings for a null time.
     */
    static Map<String, String> of(OffsetDateTime time, Instant now) {
        if (time == null) {
            return Map.of("iso", "", "exact", "", "ago", "");
        }
        Instant instant = time.toInstant();
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (utc.getYear() < 1000 || utc.getYear() > 9999) {
            // Outside four-digit years the JDK's formatters sign and pad the year: theirs, then.
            return Map.of("iso", instant.truncatedTo(ChronoUnit.SECONDS).toString(), "exact", FORMAT.time(time),
                    "ago", ago(instant, now));
        }
        // Written digit by digit, the same text as Instant.toString and Format.time: a history
        // page has 50 times, and the JDK's formatters took 26 µs for them, this 11 µs
        // (HistoryRowsBenchmark).
        StringBuilder day = new StringBuilder(24).append(utc.getYear()).append('-');
        two(day, utc.getMonthValue()).append('-');
        two(day, utc.getDayOfMonth());
        StringBuilder iso = new StringBuilder(day).append('T');
        StringBuilder exact = day.append(' ');
        two(two(iso, utc.getHour()).append(':'), utc.getMinute()).append(':');
        two(iso, utc.getSecond()).append('Z');
        two(two(exact, utc.getHour()).append(':'), utc.getMinute()).append(" UTC");
        return Map.of("iso", iso.toString(), "exact", exact.toString(), "ago", ago(instant, now));
    }

    private static StringBuilder two(StringBuilder out, int n) {
        return out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** How long before {@code now} {@code then} was, in the largest whole unit: "just now", "1 hour ago", "3 days ago". */
    static String ago(Instant then, Instant now) {
        // A time a little ahead of this node's clock (the database's clock) reads as now.
        // Whole seconds between them, rounded down (Duration.between(then, now).getSeconds()).
        long seconds = now.getEpochSecond() - then.getEpochSecond() - (now.getNano() < then.getNano() ? 1 : 0);
        seconds = Math.max(0, seconds);
        if (seconds < 45) {
            return "just now";
        }
        long minutes = Math.max(1, (seconds + 30) / 60);
        if (minutes < 60) {
            return count(minutes, "minute");
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return count(hours, "hour");
        }
        long days = hours / 24;
        if (days < 30) {
            return count(days, "day");
        }
        if (days < 365) {
            return count(days / 30, "month");
        }
        return count(days / 365, "year");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }
}
