package stet.error;

/** What a message may quote of a value the client sent: no control characters, and not endless. */
public final class Quoted {
    private Quoted() {
    }

    /** {@code value} with each control character shown as '?', cut after {@code max} characters. */
    public static String printable(String value, int max) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        // Cut between characters: a surrogate pair's halves are never parted.
        return clean.codePointCount(0, clean.length()) > max
                ? clean.substring(0, clean.offsetByCodePoints(0, max)) + "…"
                : clean;
    }
}
