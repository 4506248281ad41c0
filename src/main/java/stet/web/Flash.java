package stet.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A message for the next page (Post/Redirect/Get): "Saved.", "Merged with Bob's change."
 * It travels in a short-lived cookie rather than in node memory, so the redirect may
 * land on any node. Templates render it with {@code th:text}, so it is never markup.
 *
 * @param kind {@code success}, {@code info} or {@code warning}
 * @param text the message
 */
public record Flash(String kind, String text) {

    static final String COOKIE = "stet_flash";

    public static void success(Context ctx, String text) {
        set(ctx, new Flash("success", text));
    }

    public static void info(Context ctx, String text) {
        set(ctx, new Flash("info", text));
    }

    public static void warning(Context ctx, String text) {
        set(ctx, new Flash("warning", text));
    }

    private static void set(Context ctx, Flash flash) {
        String value = URLEncoder.encode(flash.kind + ":" + flash.text, StandardCharsets.UTF_8);
        ctx.cookie(new Cookie(COOKIE, value, "/", 60, false, true, null, SameSite.LAX));
    }

    /** The message left for this request, if any; it is shown once. */
    static Optional<Flash> take(Context ctx) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, false, true, null, SameSite.LAX));
        String value;
        try {
            value = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String kind = value.substring(0, colon);
        if (!kind.equals("success") && !kind.equals("info") && !kind.equals("warning")) {
            return Optional.empty();
        }
        return Optional.of(new Flash(kind, value.substring(colon + 1)));
    }
}
