package stet.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.error.BadRequestException;
import stet.error.BearerTokenException;
import stet.error.DatabaseUnavailableException;
import stet.error.ForbiddenException;
import stet.error.FormOfEndedSessionException;
import stet.error.LoginRequiredException;
import stet.error.NodeStoppingException;
import stet.error.NotFoundException;
import stet.error.OutcomeUnknownException;
import stet.error.PreconditionRequiredException;
import stet.error.UnprocessableException;
import stet.error.TooManyRequestsException;
import stet.error.UnreadableRequestException;
import stet.imports.ImportException;
import stet.lease.RecordHeldException;

/**
 * The one place where failures become HTTP answers: typed exceptions map to their
 * status and an error page (or a JSON body for clients that ask for JSON). A bug is a
 * 500 with a plain apology; its stack trace goes to the log, never into a page.
 */
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    /** One submitted field kept on an error page: shown to edit, or hidden when it carries state. */
    public record KeptField(String name, String value, boolean hidden) {}

    private ErrorPages() {}

    /**
     * Maps every failure to its answer. {@code identify} finds the user of a request no
     * route matched (the access check runs only for matched routes), so that its 404 page
     * has the header, with the user, that every page has; {@code labels} name the fields of
     * a form of an ended session that the page offering it shows.
     */
    public static void register(JavalinConfig config, Consumer<Context> identify, FormLabels labels) {
        config.routes.exception(NotFoundException.class, (e, ctx) -> show(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        config.routes.exception(EndpointNotFound.class, (e, ctx) -> {
            try {
                identify.accept(ctx);
            } catch (RuntimeException unavailable) {
                // Without the database the page still answers 404, only without the user in its header.
            }
            show(ctx, HttpStatus.NOT_FOUND, "There is no page at " + ctx.path() + ".");
        });
        config.routes.exception(ForbiddenException.class, (e, ctx) -> show(ctx, HttpStatus.FORBIDDEN, e.getMessage()));
        config.routes.exception(FormOfEndedSessionException.class, (e, ctx) -> {
            if (wantsJson(ctx)) {
                show(ctx, HttpStatus.FORBIDDEN, e.getMessage());
                return;
            }
            // Refused, but typed by this user: offered to send on under the session they have now.
            ctx.status(HttpStatus.FORBIDDEN);
            FormReplay.offer(ctx, ctx.path(), FormReplay.of(ctx), labels);
        });
        config.routes.exception(BadRequestException.class, (e, ctx) -> show(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        config.routes.exception(UnreadableRequestException.class, (e, ctx) -> show(ctx, switch (e.reason()) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case LENGTH_REQUIRED -> HttpStatus.LENGTH_REQUIRED;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_CHARSET, UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
        }, e.getMessage()));
        // The JSON API's own refusals (stet.api), whose answers are always JSON (see wantsJson), and a value
        // the database refused as over one of its limits (stet.db.Failures), which may come from a form: kept.
        config.routes.exception(UnprocessableException.class, (e, ctx) -> show(ctx, HttpStatus.UNPROCESSABLE_CONTENT,
                e.getMessage(), null, null, kept(ctx), Map.of("fields", e.fields())));
        config.routes.exception(PreconditionRequiredException.class,
                (e, ctx) -> show(ctx, HttpStatus.PRECONDITION_REQUIRED, e.getMessage()));
        config.routes.exception(LoginRequiredException.class, (e, ctx) -> {
            if (wantsJson(ctx)) {
                show(ctx, HttpStatus.UNAUTHORIZED, e.getMessage());
            } else if (ctx.method() == HandlerType.POST && e.dropped().isPresent()) {
                ctx.status(HttpStatus.UNAUTHORIZED);
                Views.page(ctx, "login", Map.of("username", "", "next", "/",
                        "error", "Your session has ended, so nothing was done. " + e.dropped().get()));
            } else if (ctx.method() == HandlerType.POST) {
                // The session ended while the user was typing on stet's own page: keep the submission.
                ctx.status(HttpStatus.UNAUTHORIZED);
                Views.page(ctx, "login", Map.of(
                        "username", "",
                        "next", "/",
                        "error", "Your session has ended. Log in again: what you submitted is kept and sent on after you log in.",
                        "replayAction", ctx.path(),
                        "replay", FormReplay.of(ctx)));
            } else {
                ctx.redirect(e.loginUrl(), HttpStatus.SEE_OTHER);
            }
        });
        // The API's refusals (issue 13): a bearer challenge, and bad tokens throttled like log-ins.
        config.routes.exception(BearerTokenException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", e.challenge());
            show(ctx, HttpStatus.UNAUTHORIZED, e.getMessage());
        });
        config.routes.exception(TooManyRequestsException.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            show(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        });
        config.routes.exception(OutcomeUnknownException.class, (e, ctx) -> {
            LOG.error("Commit failed, outcome unknown, on {} {}", ctx.method(), ctx.path(), e);
            // Not "nothing was changed": the change may well have been committed.
            show(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.link(), e.linkText());
        });
        config.routes.exception(DatabaseUnavailableException.class, (e, ctx) -> {
            String cause = e.getCause() == null ? "" : e.getCause().getMessage();
            if (e.reason() == DatabaseUnavailableException.Reason.FULL) {
                // Not passing: someone has to make room.
                LOG.error("Database out of room on {} {}: {}", ctx.method(), ctx.path(), cause);
            } else {
                LOG.warn("Database unavailable ({}) on {} {}: {}", e.reason(), ctx.method(), ctx.path(), cause);
            }
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            show(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null, null, kept(ctx));
        });
        config.routes.exception(NodeStoppingException.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(NodeStoppingException.RETRY_AFTER_SECONDS));
            show(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null, null, kept(ctx), "in a moment", Map.of());
        });
        config.routes.exception(RecordHeldException.class, (e, ctx) -> {
            // The web keeps the submission to send again once the lease is free; the API answers as a held save does.
            boolean api = ApiPaths.isApi(ctx);
            Map<String, Object> lease = Map.of("holder", e.lease().holderName(),
                    "expiresAt", e.lease().expiresAt().toInstant().toString());
            show(ctx, api ? HttpStatus.LOCKED : HttpStatus.CONFLICT, e.getMessage(), "/records/" + e.lease().recordId(),
                    "Open the record", api ? List.of() : kept(ctx), Map.of("lease", lease));
        });
        config.routes.exception(ImportException.class, (e, ctx) -> show(ctx, statusOf(e.reason()), e.getMessage()));
        config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
            // Javalin names the methods the address answers in the exception's only detail.
            String allowed = e.getDetails().values().stream().findFirst().orElse("");
            ctx.header("Allow", allowed);
            show(ctx, HttpStatus.METHOD_NOT_ALLOWED, ctx.path() + " answers " + allowed + ", not " + ctx.method() + ".");
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> show(ctx, statusOf(e), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (endedEarly(e)) {
                // The client went away (or stalled past the idle timeout) before its body ended:
                // nothing was read, so nothing was done; nobody is left to read the answer.
                LOG.info("Request body ended early on {} {}: {}", ctx.method(), ctx.path(), e.toString());
                show(ctx, HttpStatus.BAD_REQUEST, "The request ended before its body did. Nothing was changed.");
                return;
            }
            LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            show(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side. Nothing was changed.");
        });
        config.routes.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                show(ctx, HttpStatus.NOT_FOUND, "There is no page at " + ctx.path() + ".");
            }
        });
    }

    /** Whether reading the request failed because its body ended before its length said (Jetty's EOF). */
    private static boolean endedEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    /** The status of a refused upload or import action, for the pages that show it with their form. */
    public static HttpStatus statusOf(ImportException.Reason reason) {
        return switch (reason) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case UNKNOWN_COLUMNS, BAD_MATCH_FIELD -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOO_LARGE, TOO_MANY_ROWS -> HttpStatus.CONTENT_TOO_LARGE;
            case WRONG_STATE -> HttpStatus.CONFLICT;
            case NOT_CSV -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
        };
    }

    private static HttpStatus statusOf(HttpResponseException e) {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        return status == HttpStatus.UNKNOWN ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    public static void show(Context ctx, HttpStatus status, String message) {
        show(ctx, status, message, null, null);
    }

    /** An error page with a link (a local path, or null for none) to where the user can go on. */
    private static void show(Context ctx, HttpStatus status, String message, String link, String linkText) {
        show(ctx, status, message, link, linkText, List.of(), Map.of());
    }

    /** An error answer whose JSON body carries {@code extra} members besides status and error. */
    private static void show(Context ctx, HttpStatus status, String message, Map<String, Object> extra) {
        show(ctx, status, message, null, null, List.of(), extra);
    }

    private static void show(Context ctx, HttpStatus status, String message, String link, String linkText,
            List<KeptField> kept) {
        show(ctx, status, message, link, linkText, kept, Map.of());
    }

    private static void show(Context ctx, HttpStatus status, String message, String link, String linkText,
            List<KeptField> kept, Map<String, Object> extra) {
        show(ctx, status, message, link, linkText, kept, switch (status) {
            case SERVICE_UNAVAILABLE -> "when the database answers";
            case UNPROCESSABLE_CONTENT -> "once its longest values are shorter";
            default -> "when the record is free";
        }, extra);
    }

    /**
     * An error page; {@code kept} (a form submission, when there was one) is shown in a
     * form that sends it again to the same path, so nothing typed is lost; {@code keptWhen}
     * ends the sentence "Send it again …".
     */
    private static void show(Context ctx, HttpStatus status, String message, String link, String linkText,
            List<KeptField> kept, String keptWhen, Map<String, Object> extra) {
        ctx.status(status);
        String text = message == null || message.isBlank() ? status.getMessage() : message;
        if (wantsJson(ctx)) {
            Map<String, Object> body = new HashMap<>(Map.of("status", status.getCode(), "error", text));
            if (link != null) {
                body.put("link", link);
            }
            body.putAll(extra);
            ctx.json(body);
            return;
        }
        Map<String, Object> model = new HashMap<>(Map.of("status", status.getCode(), "reason", status.getMessage(),
                "message", text));
        if (link != null) {
            model.put("link", link);
            model.put("linkText", linkText);
        }
        if (!kept.isEmpty()) {
            model.put("kept", kept);
            model.put("keptAction", ctx.path());
            model.put("keptWhen", keptWhen);
        }
        Views.page(ctx, "error", model);
    }

    /**
     * The form this POST submitted, to offer again. Passwords are not written back into a
     * page. The stamp is left out when the page's form gets a fresh one (the user is known);
     * a page drawn without the user (the database that names them was away) gets none, so
     * the posted one is kept as it was: else "Send again" after the session ended would be
     * refused as not coming from a stet page. Keeping it is safe: it goes back only to the
     * browser that sent it, for the same path it is bound to, and ages from when it was issued.
     */
    private static List<KeptField> kept(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (ctx.method() != HandlerType.POST
                || !(type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            return List.of();
        }
        boolean freshStamp = ctx.attribute(Views.STAMP) != null;
        return FormReplay.of(ctx, true).stream()
                .filter(f -> !(freshStamp && f.name().equals(FormStamp.FIELD))
                        && !f.name().toLowerCase(Locale.ROOT).contains("password"))
                .map(f -> new KeptField(f.name(), f.value(), FormReplay.isState(f.name())))
                .toList();
    }

    private static boolean wantsJson(Context ctx) {
        if (ApiPaths.isApi(ctx)) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
