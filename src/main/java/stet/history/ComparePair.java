package stet.history;

/**
 * The two versions a comparison asks for ({@code ?from=a&to=b}), checked against the
 * record's versions before anything is read. A pair that cannot be compared is not an
 * error page but the history again, with the message and the radios as they were, so
 * the user picks again where they picked.
 *
 * @param from the older version asked for (0 when it was not a number)
 * @param to the newer version asked for (0 when it was not a number)
 * @param status 200 for a pair to compare; else 404 for a version the record does not
 *     have, 400 for anything else
 * @param problem what is wrong with the pair, for people; null when nothing is
 */
record ComparePair(int from, int to, int status, String problem) {

    /**
     * Reads the query's {@code from} and {@code to} for a record whose newest version is
     * {@code latest}. Missing, they default to the last change: the version before the
     * newest, and the newest.
     */
    static ComparePair read(String fromParam, String toParam, int latest) {
        long from = number(fromParam, Math.max(1, latest - 1));
        long to = number(toParam, latest);
        // As asked, for the radios: a value that is no number checks none (0), the other stays checked.
        int f = (int) Math.max(0, Math.min(from, Integer.MAX_VALUE));
        int t = (int) Math.max(0, Math.min(to, Integer.MAX_VALUE));
        if (from < 0 || to < 0) {
            String raw = from < 0 ? fromParam : toParam;
            return bad(f, t, 400, "'" + raw.strip() + "' is not a version number. Choose two versions below.");
        }
        String range = latest == 1 ? "it has only version 1" : "its versions are 1 to " + latest;
        if (from < 1 || from > latest || to < 1 || to > latest) {
            String missing = from < 1 || from > latest ? fromParam : toParam;
            return bad(f, t, 404, "This record has no version " + missing.strip() + ": " + range + ".");
        }
        if (latest == 1) {
            return bad(f, t, 400, "This record has only one version so far: there is nothing to compare it with.");
        }
        if (from == to) {
            return bad(f, t, 400, "Both sides are version " + from + ". Choose two different versions: the older under"
                    + " From, the newer under To.");
        }
        if (from > to) {
            return bad(f, t, 400, "Version " + from + " is newer than version " + to + ". Choose the older version under"
                    + " From and the newer one under To.");
        }
        return new ComparePair(f, t, 200, null);
    }

    boolean ok() {
        return problem == null;
    }

    private static ComparePair bad(int from, int to, int status, String problem) {
        return new ComparePair(from, to, status, problem);
    }

    /** A version number from the query: {@code otherwise} when absent, -1 when not a whole number. */
    private static long number(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String digits = value.strip();
        // Digits only: "+3" or "3.0" are not what the form sends. Very long numbers are simply no version.
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
