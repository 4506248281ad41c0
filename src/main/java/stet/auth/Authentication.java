package stet.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import stet.error.ForbiddenException;
import stet.error.FormOfEndedSessionException;
import stet.error.LoginRequiredException;
import stet.web.ApiPaths;
import stet.web.FormStamp;
import stet.web.Site;
import stet.web.Views;

/**
 * The single access check, run before every matched route: it finds the session,
 * enforces the route's role and checks the CSRF token of every POST (but a logout without
 * a session, which has nothing to end). API requests
 * ({@link ApiPaths}) are checked by their bearer token instead ({@link BearerAuthentication}):
 * no session, no CSRF, no cookie. Logged-in forms
 * carry the session's token; the login form, rendered without a session, carries a
 * token signed over a random per-browser cookie (a signed double-submit cookie), and
 * its POST is checked against that token even when another tab has logged in since.
 *
 * <p>A POST whose session has ended is answered with the login page. Its fields are kept
 * for sending on after the login only when the browser says it came from stet's own
 * page and it carries a {@link FormStamp} for its path; the stamp's user must then be the
 * one who logs in ({@link #stampedBy}). Admin forms are never kept: an admin's action
 * is always done again by hand.
 */
public final class Authentication {

    static final String SESSION_COOKIE = "stet_session";
    static final String ANON_COOKIE = "stet_anon";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The login route: its form is an anonymous page's, so its POST is checked against the anonymous token. */
    static final String LOG_IN = "/login";
    /** The logout route: the one POST whose token is checked only when it has a session to end. */
    static final String LOG_OUT = "/logout";
    private static final String SESSION = "stet.session";

    private final SessionStore sessions;
    private final Hmac hmac;
    private final FormStamps stamps;
    private final BearerAuthentication bearer;
    private final SecureRandom random = new SecureRandom();

    public Authentication(SessionStore sessions, Hmac hmac, ApiTokenService tokens, LoginThrottle throttle) {
        this.sessions = sessions;
        this.hmac = hmac;
        this.stamps = new FormStamps(hmac, Clock.systemUTC());
        this.bearer = new BearerAuthentication(tokens, throttle);
    }

    /** The beforeMatched handler. */
    public void check(Context ctx) {
        Role required = requiredRole(ctx.routeRoles());
        if (ApiPaths.isApi(ctx)) {
            bearer.check(ctx, required);
            return;
        }
        Optional<SessionStore.Session> session = identify(ctx);
        String csrf = ctx.attribute(Views.CSRF);

        if (required != Role.PUBLIC) {
            if (session.isEmpty()) {
                throw ctx.method() == HandlerType.POST ? sessionEnded(ctx, required) : new LoginRequiredException(pathWithQuery(ctx));
            }
            if (!session.get().user().role().grants(required)) {
                throw new ForbiddenException("This needs the " + required.dbName() + " role.");
            }
        }
        if (ctx.method() == HandlerType.POST) {
            String route = ctx.endpoints().matchedHttpEndpoint().path;
            if (session.isEmpty() && LOG_OUT.equals(route)) {
                // Logging out with no session (ended in another tab, on another node, or expired)
                // ends nothing, so there is no token to check: the user is sent to the login page.
                return;
            }
            // A login form was rendered without a session, though another tab may have logged in
            // since: it carries the browser's anonymous token, and so does the form shown again.
            String expected = LOG_IN.equals(route) ? logInToken(ctx) : csrf;
            String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                throw refusedToken(ctx, session, required, sent);
            }
        }
    }

    /**
     * A POST without the right token changes nothing. When it is an editor's form from a page
     * of this same user's ended session (logged out and in again in another tab), its stamp
     * says so, and what was typed is offered again under the new session: the rule of a
     * session that ended mid-edit ({@link #sessionEnded}), with the login already done. Such a
     * form carries its old session's token ({@code sent}); one without any was not sent by a
     * page as stet rendered it, and is refused as it is.
     */
    private RuntimeException refusedToken(Context ctx, Optional<SessionStore.Session> session, Role required,
            String sent) {
        boolean ownEndedForm = required == Role.EDITOR && sent != null && !sent.isEmpty() && session.isPresent()
                && Site.of(ctx).isSameOrigin(ctx)
                && stampedBy(session.get().user(), ctx.formParam(FormStamp.FIELD), ctx.path());
        return ownEndedForm
                ? new FormOfEndedSessionException("This form was opened before you logged out and in again, so nothing was"
                        + " changed. What you submitted is kept: send it on now.")
                : new ForbiddenException("This form is missing its security token or it has expired. Reload the page and"
                        + " try again; nothing was changed.");
    }

    /**
     * Finds the request's session, if any, and sets what every page shows (the user in the
     * header, the CSRF token of its forms), without checking any role: also for a page no
     * route matched, so that the 404 page has the same header as every other page.
     * An API request has no session and gets no cookie: nothing is done for it.
     */
    public Optional<SessionStore.Session> identify(Context ctx) {
        if (ApiPaths.isApi(ctx)) {
            return Optional.empty();
        }
        Optional<SessionStore.Session> session = Optional.ofNullable(ctx.cookie(SESSION_COOKIE))
                .filter(token -> !token.isEmpty())
                .flatMap(sessions::find);
        session.ifPresent(s -> loggedIn(ctx, s));
        ctx.attribute(Views.CSRF, session.map(SessionStore.Session::csrfToken).orElseGet(() -> logInToken(ctx)));
        return session;
    }

    /** The token of the login form (the browser's anonymous one), also set for a login page to carry. */
    private String logInToken(Context ctx) {
        String token = anonymousToken(ctx);
        ctx.attribute(Views.LOGIN_CSRF, token);
        return token;
    }

    /**
     * A POST without a live session, so without its CSRF check: the login page may keep
     * it only when it provably comes from a form stet rendered for this path.
     */
    private LoginRequiredException sessionEnded(Context ctx, Role required) {
        if (required == Role.ADMIN) {
            return LoginRequiredException.submissionDropped(
                    "An admin's form is never sent on after logging in: log in, open the page again and repeat the change.");
        }
        if (!Site.of(ctx).isSameOrigin(ctx) || stamps.userOf(ctx.formParam(FormStamp.FIELD), ctx.path()).isEmpty()) {
            return LoginRequiredException.submissionDropped(
                    "What was submitted did not come from a stet page, so it was not kept.");
        }
        return new LoginRequiredException("/");
    }

    /**
     * Whether a submission kept across a login ({@code stamp}, posted to {@code path})
     * was made on a page of {@code user}: only then may it be offered for sending on.
     */
    boolean stampedBy(User user, String stamp, String path) {
        return stamps.userOf(stamp, path).filter(id -> id == user.id()).isPresent();
    }

    /**
     * The user of this request (the session's, or the bearer token's on an API route);
     * routes that require a role always have one.
     */
    public static User user(Context ctx) {
        return optionalUser(ctx)
                .orElseThrow(() -> new IllegalStateException("no user on a route that requires one: " + ctx.path()));
    }

    /** The bearer token an API request was authenticated with; empty outside the API (and on its public routes). */
    public static Optional<Bearer> bearer(Context ctx) {
        return Optional.ofNullable(ctx.attribute(BearerAuthentication.ATTRIBUTE));
    }

    /** The request's session id (a hash of its cookie), for what is held per session: edit leases. */
    public static String sessionId(Context ctx) {
        SessionStore.Session session = ctx.attribute(SESSION);
        if (session == null || session.tokenHash() == null) {
            throw new IllegalStateException("no session on a route that requires one: " + ctx.path());
        }
        return session.tokenHash();
    }

    public static Optional<User> optionalUser(Context ctx) {
        SessionStore.Session session = ctx.attribute(SESSION);
        return session != null ? Optional.of(session.user()) : bearer(ctx).map(Bearer::user);
    }

    /**
     * Starts a new session (always a new id) for the user whose password matched
     * {@code verified}'s hash, sets its cookie, and makes it this request's session, so a
     * page rendered now carries the new CSRF token. Returns false, and changes nothing the
     * browser holds, when the user's password was reset since it was checked.
     */
    boolean logIn(Context ctx, UserStore.Credentials verified) {
        // Logins are rare next to other requests: a good moment to drop expired sessions (an indexed delete).
        sessions.deleteExpired();
        Optional<SessionStore.Created> created = sessions.create(verified.user().id(), verified.passwordHash());
        if (created.isEmpty()) {
            return false;
        }
        // Only now: a log-in refused must not end the session the browser has.
        Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).filter(t -> !t.isEmpty()).ifPresent(sessions::delete);
        Site.of(ctx).setCookie(ctx, SESSION_COOKIE, created.get().token(), -1);
        loggedIn(ctx, new SessionStore.Session(null, verified.user(), created.get().csrfToken(), null));
        ctx.attribute(Views.CSRF, created.get().csrfToken());
        return true;
    }

    /**
     * The answer to a POST whose session ended while it was handled (a password reset ended
     * it after {@link #check} had found it live): the one a POST whose session had ended
     * before gets. The request is anonymous from here on, so the login page it shows has no
     * user in its header and carries the login form's token.
     */
    LoginRequiredException endedMeanwhile(Context ctx) {
        ctx.attribute(SESSION, null);
        ctx.attribute(Views.ME, null);
        ctx.attribute(Views.STAMP, null);
        ctx.attribute(Views.CSRF, logInToken(ctx));
        return sessionEnded(ctx, requiredRole(ctx.routeRoles()));
    }

    /**
     * Ends the request's session, if it has one, and drops the cookie the browser sent.
     * Returns whether there was a live session to end.
     */
    boolean logOut(Context ctx) {
        Optional<String> cookie = Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).filter(t -> !t.isEmpty());
        cookie.ifPresent(token -> {
            sessions.delete(token);
            // Only a cookie that was sent: a logout posted from another site arrives without it
            // (SameSite=Lax) and unchecked, and must not make the browser forget a live session.
            Site.of(ctx).clearCookie(ctx, SESSION_COOKIE);
        });
        return ctx.attribute(SESSION) != null;
    }

    private void loggedIn(Context ctx, SessionStore.Session session) {
        // A logged-in page holds someone's data and tokens: no shared or back-button cache may keep it.
        ctx.header("Cache-Control", "no-store");
        ctx.attribute(SESSION, session);
        ctx.attribute(Views.ME, session.user());
        ctx.attribute(Views.STAMP, stamps.forUser(session.user().id()));
    }

    private String anonymousToken(Context ctx) {
        String anon = ctx.cookie(ANON_COOKIE);
        if (anon == null || anon.length() < 20) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            anon = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Site.of(ctx).setCookie(ctx, ANON_COOKIE, anon, -1);
        }
        return hmac.sign("csrf:anonymous:" + anon);
    }

    private static Role requiredRole(Set<RouteRole> roles) {
        if (roles.contains(Role.PUBLIC)) {
            return Role.PUBLIC;
        }
        if (roles.contains(Role.ADMIN)) {
            return Role.ADMIN;
        }
        if (roles.contains(Role.EDITOR)) {
            return Role.EDITOR;
        }
        // A route declared without a role is a mistake; failing closed keeps it private.
        return Role.ADMIN;
    }

    private static String pathWithQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null ? "" : "?" + query);
    }
}
