package stet.auth;

/**
 * Signed version tokens. An edit form carries the version the user started from and a
 * token binding (thing, id, version, user): a version that was tampered with, or a form
 * copied to another user, fails the check and changes nothing.
 */
public final class VersionTokens {

    private final Hmac hmac;

    public VersionTokens(Hmac hmac) {
        this.hmac = hmac;
    }

    public String issue(String kind, long id, int version, long userId) {
        return hmac.sign(message(kind, id, version, userId));
    }

    public boolean isValid(String kind, long id, int version, long userId, String token) {
        return hmac.verify(message(kind, id, version, userId), token);
    }

    private static String message(String kind, long id, int version, long userId) {
        return "version:" + kind + ":" + id + ":" + version + ":" + userId;
    }
}
