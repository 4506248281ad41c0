package stet.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * A message for the next page (Post/Redirect/Get): "Saved.", "Merged with Bob's change."
 * It travels in a short-lived cookie rather than in node memory, so the redirect may
 * land on any node. Templates render it with {@code th:text}, so it is never markup.
 *
 * @param kind {@code success}, {@code info} or {@code warning}
 * @param text the message
 * @param href a local link that goes with the message, or null
 * @param linkText the link's text, or null
 */
public record Flash(String kind, String text, String href, String linkText) {

    static final String COOKIE = "stet_flash";
    private static final Set<String> KINDS = Set.of("success", "info", "warning");

    public static void success(Context ctx, String text) {
        set(ctx, new Flash("success", text, null, null));
    }

    /** A success message with a link (a local path) to more. */
    public static void success(Context ctx, String text, String href, String linkText) {
        set(ctx, new Flash("success", text, href, linkText));
    }

    public static void info(Context ctx, String text) {
        set(ctx, new Flash("info", text, null, null));
    }

    public static void warning(Context ctx, String text) {
        set(ctx, new Flash("warning", text, null, null));
    }

    private static void set(Context ctx, Flash flash) {
        String packed = String.join("\n", flash.kind, flash.href == null ? "" : flash.href,
                flash.linkText == null ? "" : flash.linkText, flash.text);
        String value = URLEncoder.encode(packed, StandardCharsets.UTF_8);
        ctx.cookie(new Cookie(COOKIE, value, "/", 60, false, true, null, SameSite.LAX));
    }

    /** The message left for this request, if any; it is shown once. */
    static Optional<Flash> take(Context ctx) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, false, true, null, SameSite.LAX));
        String[] parts;
        try {
            parts = URLDecoder.decode(raw, StandardCharsets.UTF_8).split("\n", 4);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 4 || !KINDS.contains(parts[0])) {
            return Optional.empty();
        }
        // Only local links: a cookie is not a place to trust for where to send people.
        boolean local = LocalPaths.isLocal(parts[1]);
        return Optional.of(new Flash(parts[0], parts[3], local ? parts[1] : null, local ? parts[2] : null));
    }
}
