package stet.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import stet.web.FormStamp;

/**
 * Issues and checks the {@link FormStamp} of a form: {@code userId.issuedAt.signature},
 * signed over the user, the time and the path the form posts to. A submission that
 * arrives after its session ended proves with it that stet rendered the form, for whom
 * and for which path; a forged form on another site cannot have one for its victim.
 */
final class FormStamps {

    /** A stamp older than the longest a session lives cannot come from a live page. */
    static final Duration MAX_AGE = SessionStore.MAX_AGE;

    private final Hmac hmac;
    private final Clock clock;

    FormStamps(Hmac hmac, Clock clock) {
        this.hmac = hmac;
        this.clock = clock;
    }

    /** The stamp source for one user's page. */
    FormStamp forUser(long userId) {
        return path -> issue(userId, path);
    }

    String issue(long userId, String path) {
        long issued = clock.instant().getEpochSecond();
        return userId + "." + issued + "." + hmac.sign(message(userId, issued, path));
    }

    /** The user a valid, unexpired stamp for {@code path} was issued to; empty for anything else. */
    Optional<Long> userOf(String stamp, String path) {
        if (stamp == null) {
            return Optional.empty();
        }
        String[] parts = stamp.split("\\.", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        long userId;
        long issued;
        try {
            userId = Long.parseLong(parts[0]);
            issued = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (issued > now || now - issued > MAX_AGE.toSeconds() || !hmac.verify(message(userId, issued, path), parts[2])) {
            return Optional.empty();
        }
        return Optional.of(userId);
    }

    private static String message(long userId, long issued, String path) {
        return "form-stamp:" + userId + ":" + issued + ":" + path;
    }
}
