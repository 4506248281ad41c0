package stet.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a form submission that could not be handled yet, so nothing typed is lost: when
 * a session has ended, the login page carries the submitted fields as hidden inputs
 * named {@code replay:NAME}, and after logging in a page offers to send them on. Only
 * a submission carrying the {@link FormStamp} of the user who logs in is offered.
 */
public final class FormReplay {

    /** One submitted field value; a field with several values gives several. */
    public record Field(String name, String value) {}

    static final String PREFIX = "replay:";
    public static final String ACTION = "replay_action";

    private FormReplay() {}

    /** The fields of this request's form, without its (now useless) CSRF token. */
    public static List<Field> of(Context ctx) {
        return of(ctx, false);
    }

    /** The fields of this request's form; with its CSRF token when the session it belongs to goes on. */
    static List<Field> of(Context ctx, boolean withCsrf) {
        return collect(ctx.formParamMap(), "", withCsrf ? null : "_csrf");
    }

    /** The fields a login form carried along as {@code replay:NAME}. */
    public static List<Field> carried(Context ctx) {
        return collect(ctx.formParamMap(), PREFIX, null);
    }

    /** The form stamp among kept fields, or null. */
    public static String stamp(List<Field> fields) {
        return fields.stream().filter(f -> f.name().equals(FormStamp.FIELD)).map(Field::value).findFirst().orElse(null);
    }

    /**
     * Answers with the page that offers a kept submission ({@code fields}, posted to the local
     * path {@code action}) to send on under the request's session, with a fresh CSRF token and stamp.
     */
    public static void offer(Context ctx, String action, List<Field> fields) {
        Views.page(ctx, "resubmit", Map.of("replayAction", action, "replay", withoutStamp(fields)));
    }

    /** The kept fields to send on: all but the old stamp (the page that sends them carries a new one). */
    static List<Field> withoutStamp(List<Field> fields) {
        return fields.stream().filter(f -> !f.name().equals(FormStamp.FIELD)).toList();
    }

    private static List<Field> collect(Map<String, List<String>> form, String prefix, String skip) {
        List<Field> fields = new ArrayList<>();
        form.forEach((name, values) -> {
            if (name.startsWith(prefix) && !name.equals(skip)) {
                values.forEach(v -> fields.add(new Field(name.substring(prefix.length()), v)));
            }
        });
        return fields;
    }
}
