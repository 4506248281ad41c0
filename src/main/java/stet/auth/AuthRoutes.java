package stet.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import stet.web.Flash;
import stet.web.FormLabels;
import stet.web.FormReplay;
import stet.web.Forms;
import stet.web.LocalPaths;
import stet.web.Site;
import stet.web.Views;

/** Login (throttled by {@link LoginThrottle}), logout, and the admin's user list with its log-in locks. */
public final class AuthRoutes {

    private final UserService users;
    private final LoginThrottle throttle;
    private final Authentication authentication;
    private final FormLabels labels;

    /** {@code labels}: what the page offering a form kept through a login calls its fields. */
    public AuthRoutes(UserService users, LoginThrottle throttle, Authentication authentication, FormLabels labels) {
        this.users = users;
        this.throttle = throttle;
        this.authentication = authentication;
        this.labels = labels;
    }

    public void register(RoutesConfig routes) {
        routes.get(Authentication.LOG_IN, this::loginPage, Role.PUBLIC);
        routes.post(Authentication.LOG_IN, this::logIn, Role.PUBLIC);
        routes.post(Authentication.LOG_OUT, this::logOut, Role.PUBLIC);
        routes.get("/admin/users", this::userList, Role.ADMIN);
        routes.post("/admin/users", this::createUser, Role.ADMIN);
        routes.post("/admin/users/{id}/role", this::setRole, Role.ADMIN);
        routes.post("/admin/users/unlock", this::unlock, Role.ADMIN);
    }

    private void loginPage(Context ctx) {
        if (Authentication.optionalUser(ctx).isPresent()) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        Views.page(ctx, "login", Map.of("username", "", "next", safeNext(ctx.queryParam("next"))));
    }

    private void logIn(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        String next = safeNext(ctx.formParam("next"));
        String replayAction = ctx.formParam(FormReplay.ACTION);
        List<FormReplay.Field> replay = FormReplay.carried(ctx);
        LoginThrottle.Attempt attempt = throttle.attempt(username, Site.of(ctx).clientAddress(ctx),
                () -> startSession(ctx, username));
        attempt.accept(new LoginThrottle.Attempt.Visitor<Void>() {
            @Override
            public Void loggedIn(LoginThrottle.Attempt.LoggedIn loggedIn) {
                logInAs(ctx, loggedIn.account(), next, replayAction, replay);
                return null;
            }

            @Override
            public Void refused(LoginThrottle.Attempt.Refused refused) {
                refuseLogIn(ctx, HttpStatus.UNAUTHORIZED, refused, username, next, replayAction, replay);
                return null;
            }

            @Override
            public Void throttled(LoginThrottle.Attempt.Throttled throttled) {
                // The password was not even checked: say when to come back.
                ctx.header(Header.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
                refuseLogIn(ctx, HttpStatus.TOO_MANY_REQUESTS, throttled, username, next, replayAction, replay);
                return null;
            }
        });
    }

    /**
     * The user whose password was posted, with their session started; empty for a wrong
     * password, and for one that was right until a reset replaced it while it was checked:
     * that log-in is refused, and counted, as a wrong password is.
     */
    private Optional<User> startSession(Context ctx, String username) {
        return users.checkPassword(username, ctx.formParam("password"))
                .filter(verified -> authentication.logIn(ctx, verified))
                .map(UserStore.Credentials::user);
    }

    /** Sends a user just logged in on, offering a kept submission back when it is theirs. */
    private void logInAs(Context ctx, User user, String next, String replayAction, List<FormReplay.Field> replay) {
        if (replayAction != null) {
            String action = safeNext(replayAction);
            if (authentication.stampedBy(user, FormReplay.stamp(replay), action)) {
                // Logged in again after a session ended mid-edit: offer to send the kept form on.
                FormReplay.offer(ctx, action, replay, labels);
                return;
            }
            Flash.warning(ctx, "What was submitted before you logged in was not sent on: it was not made on a page of yours. Nothing was changed.");
        }
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    /** The log-in page again, with the username and any kept submission as they were. */
    private static void refuseLogIn(Context ctx, HttpStatus status, LoginThrottle.Attempt attempt, String username,
            String next, String replayAction, List<FormReplay.Field> replay) {
        ctx.status(status);
        Map<String, Object> model = new HashMap<>(Map.of("username", username, "next", next,
                "error", attempt.refusal()));
        if (replayAction != null) {
            model.put("replayAction", safeNext(replayAction));
            model.put("replay", replay);
        }
        Views.page(ctx, "login", model);
    }

    /** Ends the session; without one (a stale tab) there is nothing to end, and the user just lands on the login page. */
    private void logOut(Context ctx) {
        // Not told after a logout posted from another site: it ended nothing.
        if (authentication.logOut(ctx) || Site.of(ctx).isSameOrigin(ctx)) {
            Flash.info(ctx, "You are logged out.");
        }
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void userList(Context ctx) {
        renderUsers(ctx, Map.of("username", "", "display_name", "", "role", "editor"), Map.of());
    }

    private void createUser(Context ctx) {
        Map<String, String> input = new HashMap<>();
        for (String field : new String[] {"username", "display_name", "role"}) {
            input.put(field, Optional.ofNullable(ctx.formParam(field)).orElse(""));
        }
        UserService.Created created =
                users.create(input.get("username"), input.get("display_name"), input.get("role"), ctx.formParam("password"));
        if (!created.ok()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderUsers(ctx, input, created.errors());
            return;
        }
        Flash.success(ctx, "Created " + created.user().username() + " (" + created.user().role().dbName() + ").");
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    private void setRole(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        Optional<String> refusal = users.setRole(id, ctx.formParam("role"));
        if (refusal.isPresent()) {
            Flash.warning(ctx, refusal.get());
        } else if (id == Authentication.user(ctx).id() && Role.EDITOR.dbName().equals(ctx.formParam("role"))) {
            // The admin pages are closed to them from now on: not a 403 under a success message.
            Flash.success(ctx, "You are an editor now: another admin can give you the admin role back.");
            ctx.redirect("/collections", HttpStatus.SEE_OTHER);
            return;
        } else {
            Flash.success(ctx, "Role changed.");
        }
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    private void unlock(Context ctx) {
        String subject = Optional.ofNullable(ctx.formParam("subject")).orElse("").strip();
        if (throttle.unlock(ctx.formParam("kind"), subject)) {
            Flash.success(ctx, "Unlocked " + subject + ".");
        } else {
            Flash.info(ctx, subject + " was not locked.");
        }
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    private void renderUsers(Context ctx, Map<String, String> input, Map<String, String> errors) {
        Views.page(ctx, "admin/users", Map.of("users", users.all(), "input", input, "errors", errors,
                "locks", throttle.locked()));
    }

    /** Only local paths: a login link must not send the user to another site. */
    static String safeNext(String next) {
        return LocalPaths.orRoot(next);
    }
}
