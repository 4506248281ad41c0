package stet.error;

/**
 * An API request without a usable bearer token (none, malformed, unknown, expired or
 * revoked): HTTP 401 with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750).
 */
public final class BearerTokenException extends RuntimeException {

    private final boolean tokenSent;

    /** @param tokenSent whether the request sent a bearer token at all (then the challenge says it is invalid) */
    public BearerTokenException(String message, boolean tokenSent) {
        super(message);
        this.tokenSent = tokenSent;
    }

    /** The value of the {@code WWW-Authenticate} header. */
    public String challenge() {
        return tokenSent ? "Bearer realm=\"stet\", error=\"invalid_token\"" : "Bearer realm=\"stet\"";
    }
}
