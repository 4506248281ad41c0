package stet.record;

import java.util.Optional;
import stet.auth.User;
import stet.auth.VersionTokens;
import stet.error.BadRequestException;
import stet.schema.Validation;

/**
 * The checks every record write makes on what its form carried: the signed version
 * token (issued here too, so issuing and checking agree on its kind), the comment and
 * the idempotency key. A failed check is a 400 and nothing is written.
 */
final class WriteChecks {

    static final String TOKEN_KIND = "record";
    static final int MAX_COMMENT = 500;
    /** Shown by the comment's input, as a field's problems are by theirs. */
    static final String COMMENT_TOO_LONG = "At most " + MAX_COMMENT + " characters.";

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
        if (key.length() > SaveRequest.MAX_IDEMPOTENCY_KEY) {
            throw new BadRequestException("The idempotency_key may have at most " + SaveRequest.MAX_IDEMPOTENCY_KEY
                    + " characters.");
        }
        return key;
    }

    /**
     * What is wrong with a write's comment, if anything: too long, or text PostgreSQL cannot
     * store. A form shows it by the comment's input, with what was typed.
     */
    static Optional<String> commentProblem(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        if (Validation.longerThan(comment, MAX_COMMENT)) {
            return Optional.of(COMMENT_TOO_LONG);
        }
        return Validation.unstorable(comment);
    }

    /** The comment as the revision records it (stripped), or null when there is none; a bad one is a 400. */
    static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        Optional<String> problem = commentProblem(comment);
        if (problem.isPresent()) {
            throw new BadRequestException("The comment: " + problem.get() + " Nothing was changed.");
        }
        return comment.strip();
    }
}
