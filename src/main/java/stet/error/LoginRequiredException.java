package stet.error;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A route needs a logged-in user and there is none: browsers go to the login page (401 for
 * scripts). A form submitted after its session ended is kept across the login only when
 * it provably came from stet's own page; otherwise {@link #dropped} says why it was not.
 */
public final class LoginRequiredException extends RuntimeException {

    private final String next;
    private final String dropped;

    /** @param next where to return after logging in (a local path) */
    public LoginRequiredException(String next) {
        this(next, null);
    }

    private LoginRequiredException(String next, String dropped) {
        super("Please log in first.");
        this.next = next;
        this.dropped = dropped;
    }

    /** A submission that must not be kept across the login, with the reason shown to the user. */
    public static LoginRequiredException submissionDropped(String reason) {
        return new LoginRequiredException("/", reason);
    }

    public String loginUrl() {
        return "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    /** Why the submission was not kept; empty when it is kept. */
    public Optional<String> dropped() {
        return Optional.ofNullable(dropped);
    }
}
