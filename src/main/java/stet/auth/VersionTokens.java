package stet.auth;

/**
 * Signed version tokens. An edit form carries the version the user started from and a
 * token binding (thing, id, version, user): a version that was tampered with, or a form
 * copied to another user, fails the check and changes nothing. A merge page's form also
 * binds the original version of its merge, so an ordinary edit cannot be labelled a merge.
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

    /** The token of a form that resolves a merge whose original is {@code mergeBase}. */
    public String issueMerge(String kind, long id, int version, int mergeBase, long userId) {
        return hmac.sign(mergeMessage(kind, id, version, mergeBase, userId));
    }

    public boolean isValidMerge(String kind, long id, int version, int mergeBase, long userId, String token) {
        return hmac.verify(mergeMessage(kind, id, version, mergeBase, userId), token);
    }

    private static String mergeMessage(String kind, long id, int version, int mergeBase, long userId) {
        return "merge-" + message(kind, id, version, userId) + ":base:" + mergeBase;
    }

    private static String message(String kind, long id, int version, long userId) {
        return "version:" + kind + ":" + id + ":" + version + ":" + userId;
    }
}
