package stet.error;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A route needs a logged-in user and there is none: browsers go to the login page (401 for scripts). */
public final class LoginRequiredException extends RuntimeException {

    private final String next;

    /** @param next where to return after logging in (a local path) */
    public LoginRequiredException(String next) {
        super("Please log in first.");
        this.next = next;
    }

    public String loginUrl() {
        return "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
}
