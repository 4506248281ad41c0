package stet.auth;

import java.util.Locale;

/**
 * The one reading of a username typed at the log-in form, shared by the look-up of its
 * user ({@link UserService#authenticate}) and the count of its attempts ({@link LoginThrottle}).
 * Read two ways, a variant such as {@code "bob\u0001"} could log in as bob while bob is
 * locked, or guess at bob's password without being counted against him.
 */
final class Usernames {

    private Usernames() {}

    /**
     * The username an attempt is counted against: without control characters (anywhere),
     * without leading and trailing white space, in lower case.
     */
    static String normal(String typed) {
        StringBuilder kept = new StringBuilder(typed.length());
        typed.codePoints().filter(c -> !Character.isISOControl(c)).forEach(kept::appendCodePoint);
        return kept.toString().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a typed username names nobody whatever the store holds: one with a control
     * character in it (white space around it, a tab or a newline, is only trimmed).
     */
    static boolean namesNobody(String typed) {
        return typed.strip().codePoints().anyMatch(Character::isISOControl);
    }
}
