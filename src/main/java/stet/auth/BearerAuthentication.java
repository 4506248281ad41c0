package stet.auth;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Optional;
import stet.error.BearerTokenException;
import stet.error.ForbiddenException;
import stet.error.TooManyRequestsException;
import stet.web.Site;

/**
 * The access check of API requests ({@code /api/v1}): only an {@code Authorization: Bearer}
 * token counts, never the session cookie, so a page on another site cannot make a
 * logged-in browser write through the API, and no CSRF token is needed. Nothing here
 * sets a cookie. A client address that sent too many unknown tokens is refused (429)
 * before its token is looked up.
 */
final class BearerAuthentication {

    /** The request attribute holding the request's {@link Bearer}. */
    static final String ATTRIBUTE = "stet.bearer";
    private static final String SCHEME = "Bearer ";
    /** Ours are 48 characters; a longer "token" is not worth hashing. */
    private static final int MAX_SECRET = 200;

    private final ApiTokenService tokens;
    private final LoginThrottle throttle;

    BearerAuthentication(ApiTokenService tokens, LoginThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /** Authenticates the request and enforces the route's role and the token's scope. */
    void check(Context ctx, Role required) {
        String header = ctx.header(Header.AUTHORIZATION);
        if (header == null && required == Role.PUBLIC) {
            return;
        }
        String secret = secretOf(header).orElseThrow(() -> new BearerTokenException(header == null
                ? "This needs an API token: send it as 'Authorization: Bearer <token>' (create one at /account/tokens)."
                : "The Authorization header must be 'Bearer <token>'.", header != null));
        String address = Site.of(ctx).clientAddress(ctx);
        throttle.tokenLock(address).ifPresent(locked -> {
            throw new TooManyRequestsException("Too many unknown API tokens from your address. Try again in "
                    + locked.retryAfterSeconds() + " seconds.", locked.retryAfterSeconds());
        });
        ApiTokenService.Lookup lookup = secret.length() > MAX_SECRET
                ? new ApiTokenService.Lookup(ApiTokenService.Status.UNKNOWN, null)
                : tokens.authenticate(secret);
        Bearer bearer = switch (lookup.status()) {
            case VALID -> lookup.bearer();
            case UNKNOWN -> {
                throttle.tokenRefused(address);
                throw new BearerTokenException("This API token is not valid.", true);
            }
            // Expired and revoked tokens were stet's own: showing one is no guess, so it is not counted.
            case EXPIRED -> throw new BearerTokenException("This API token has expired.", true);
            case REVOKED -> throw new BearerTokenException("This API token has been revoked.", true);
        };
        ctx.attribute(ATTRIBUTE, bearer);
        if (!bearer.user().role().grants(required)) {
            throw new ForbiddenException("This needs the " + required.dbName() + " role.");
        }
        if (!bearer.scope().allows(ctx.method())) {
            throw new ForbiddenException("This token has the read scope: it may only GET. Use a token with the write scope.");
        }
    }

    /** The token of a {@code Bearer} header (the scheme in any case, RFC 7235); empty when there is none. */
    private static Optional<String> secretOf(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String secret = header.substring(SCHEME.length()).strip();
        return secret.isEmpty() || secret.contains(" ") ? Optional.empty() : Optional.of(secret);
    }
}
