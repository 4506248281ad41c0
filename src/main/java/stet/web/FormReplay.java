package stet.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a form submission that could not be handled yet, so nothing typed is lost: when
 * a session has ended, the login page carries the submitted fields as hidden inputs
 * named {@code replay:NAME}, and after logging in a page offers to send them on. Only
 * a submission carrying the {@link FormStamp} of the user who logs in is offered.
 */
public final class FormReplay {

    /** One submitted field value; a field with several values gives several. */
    public record Field(String name, String value) {}

    /** A kept value as the page that offers it shows it: called by its field's label where known. */
    public record Shown(String label, String value) {}

    /**
     * Form fields that carry state rather than what the user typed: sent on as they were,
     * but not shown among what will be sent, nor offered to edit on an error page.
     */
    private static final Set<String> STATE_FIELDS = Set.of("_csrf", "version", "version_token", "idempotency_key",
            "merge_base", "merge_kind", "_fields", FormStamp.FIELD);
    /** The merge page's own hidden names for a conflict ({@code KEY__conflict}, {@code KEY__remembered_N}). */
    private static final Pattern MERGE_STATE = Pattern.compile(".+__(conflict|remembered_\\d+)");
    /** A merge page's name for a choice about field KEY: {@code KEY__choice}, {@code KEY__hunk_2}, … */
    private static final Pattern MERGE_NAME = Pattern.compile("(.+?)__(.+)");

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
    public static void offer(Context ctx, String action, List<Field> fields, FormLabels labels) {
        List<Field> sent = withoutStamp(fields);
        Views.page(ctx, "resubmit", Map.of("replayAction", action, "replay", sent,
                "shown", shown(sent, labels.of(action))));
    }

    /** Whether the field {@code name} carries a form's state rather than what the user typed or chose. */
    static boolean isState(String name) {
        return STATE_FIELDS.contains(name) || MERGE_STATE.matcher(name).matches();
    }

    /** What the user typed or chose among {@code fields}, each called by its label in {@code labels} where there is one. */
    static List<Shown> shown(List<Field> fields, Map<String, String> labels) {
        return fields.stream().filter(f -> !isState(f.name())).map(f -> new Shown(label(f.name(), labels), f.value()))
                .toList();
    }

    private static String label(String name, Map<String, String> labels) {
        if (labels.containsKey(name)) {
            return labels.get(name);
        }
        if (name.equals("comment")) {
            return "Comment";
        }
        Matcher merge = MERGE_NAME.matcher(name);
        if (merge.matches() && labels.containsKey(merge.group(1))) {
            return labels.get(merge.group(1)) + " (" + merge.group(2).replace('_', ' ') + ")";
        }
        return name;
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
