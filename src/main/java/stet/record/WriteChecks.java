package stet.record;

import stet.auth.User;
import stet.auth.VersionTokens;
import stet.error.BadRequestException;

/**
 * The checks every record write makes on what its form carried: the signed version
 * token (issued here too, so issuing and checking agree on its kind), the comment and
 * the idempotency key. A failed check is a 400 and nothing is written.
 */
final class WriteChecks {

    static final String TOKEN_KIND = "record";
    static final int MAX_COMMENT = 500;
    static final String COMMENT_TOO_LONG = "A comment may have at most " + MAX_COMMENT + " characters.";
    private static final int MAX_IDEMPOTENCY_KEY = 100;

    private final VersionTokens tokens;

    WriteChecks(VersionTokens tokens) {
        this.tokens = tokens;
    }

    /** The token of a form starting from {@code version}; with a {@code mergeBase}, of a merge page's form. */
    String token(long recordId, int version, Integer mergeBase, User user) {
        return mergeBase == null
                ? tokens.issue(TOKEN_KIND, recordId, version, user.id())
                : tokens.issueMerge(TOKEN_KIND, recordId, version, mergeBase, user.id());
    }

    void checkToken(long id, int baseVersion, String token, User author) {
        checkToken(id, baseVersion, null, token, author);
    }

    /** A merge's original ({@code mergeBase}) is signed into its form's token: only stet's merge page may claim one. */
    void checkToken(long id, int baseVersion, Integer mergeBase, String token, User author) {
        boolean valid = mergeBase == null
                ? tokens.isValid(TOKEN_KIND, id, baseVersion, author.id(), token)
                : tokens.isValidMerge(TOKEN_KIND, id, baseVersion, mergeBase, author.id(), token);
        if (!valid) {
            throw new BadRequestException(
                    "The form's version token is missing or does not match its version; nothing was saved.");
        }
    }

    /** The key to remember a create by, or null when the form sent none. */
    static String idempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new BadRequestException("The idempotency_key may have at most " + MAX_IDEMPOTENCY_KEY + " characters.");
        }
        return key;
    }

    /** The comment as the revision records it (stripped), or null when there is none. */
    static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > MAX_COMMENT) {
            throw new BadRequestException(COMMENT_TOO_LONG);
        }
        return comment.strip();
    }
}
