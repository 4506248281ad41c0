package stet.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import stet.error.ForbiddenException;
import stet.error.LoginRequiredException;
import stet.web.Views;

/**
 * The single access check, run before every matched route: it finds the session,
 * enforces the route's role and checks the CSRF token of every POST. Logged-in forms
 * carry the session's token; the login form, which has no session yet, carries a
 * token signed over a random per-browser cookie (a signed double-submit cookie).
 */
public final class Authentication {

    static final String SESSION_COOKIE = "stet_session";
    static final String ANON_COOKIE = "stet_anon";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = "stet.session";

    private final SessionStore sessions;
    private final Hmac hmac;
    private final SecureRandom random = new SecureRandom();

    public Authentication(SessionStore sessions, Hmac hmac) {
        this.sessions = sessions;
        this.hmac = hmac;
    }

    /** The beforeMatched handler. */
    public void check(Context ctx) {
        Optional<SessionStore.Session> session = Optional.ofNullable(ctx.cookie(SESSION_COOKIE))
                .filter(token -> !token.isEmpty())
                .flatMap(sessions::find);
        session.ifPresent(s -> {
            ctx.attribute(SESSION, s);
            ctx.attribute(Views.ME, s.user());
        });
        String csrf = session.map(SessionStore.Session::csrfToken).orElseGet(() -> anonymousToken(ctx));
        ctx.attribute(Views.CSRF, csrf);

        Role required = requiredRole(ctx.routeRoles());
        if (required != Role.PUBLIC) {
            if (session.isEmpty()) {
                throw new LoginRequiredException(ctx.method() == HandlerType.GET ? pathWithQuery(ctx) : "/");
            }
            if (!session.get().user().role().grants(required)) {
                throw new ForbiddenException("This needs the " + required.dbName() + " role.");
            }
        }
        if (ctx.method() == HandlerType.POST) {
            String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenException(
                        "This form is missing its security token or it has expired. Reload the page and try again; nothing was changed.");
            }
        }
    }

    /** The logged-in user of this request; routes that require a role always have one. */
    public static User user(Context ctx) {
        SessionStore.Session session = ctx.attribute(SESSION);
        if (session == null) {
            throw new IllegalStateException("no user on a route that requires one: " + ctx.path());
        }
        return session.user();
    }

    public static Optional<User> optionalUser(Context ctx) {
        SessionStore.Session session = ctx.attribute(SESSION);
        return Optional.ofNullable(session).map(SessionStore.Session::user);
    }

    /**
     * Starts a new session (always a new id), sets its cookie, and makes it this
     * request's session, so a page rendered now carries the new CSRF token.
     */
    void logIn(Context ctx, User user) {
        Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).filter(t -> !t.isEmpty()).ifPresent(sessions::delete);
        // Logins are rare next to other requests: a good moment to drop expired sessions (an indexed delete).
        sessions.deleteExpired();
        SessionStore.Created created = sessions.create(user.id());
        ctx.cookie(new Cookie(SESSION_COOKIE, created.token(), "/", -1, false, true, null, SameSite.LAX));
        ctx.attribute(SESSION, new SessionStore.Session(null, user, created.csrfToken(), null));
        ctx.attribute(Views.ME, user);
        ctx.attribute(Views.CSRF, created.csrfToken());
    }

    void logOut(Context ctx) {
        Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).filter(t -> !t.isEmpty()).ifPresent(sessions::delete);
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, false, true, null, SameSite.LAX));
    }

    private String anonymousToken(Context ctx) {
        String anon = ctx.cookie(ANON_COOKIE);
        if (anon == null || anon.length() < 20) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            anon = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ctx.cookie(new Cookie(ANON_COOKIE, anon, "/", -1, false, true, null, SameSite.LAX));
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
