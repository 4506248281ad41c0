package stet.web;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * A message for the next page (Post/Redirect/Get): "Saved.", "Merged with Bob's change."
 * It travels in a short-lived cookie rather than in node memory, so the redirect may
 * land on any node. The cookie is signed with the key every node shares, so a message
 * stet did not write is never shown. Templates render it with {@code th:text}, so it is
 * never markup.
 *
 * @param kind {@code success}, {@code info} or {@code warning}
 * @param text the message
 * @param href a local link that goes with the message, or null
 * @param linkText the link's text, or null
 */
public record Flash(String kind, String text, String href, String linkText) {

    static final String COOKIE = "stet_flash";
    private static final Set<String> KINDS = Set.of("success", "info", "warning");
    private static final String SIGNED = "flash:";

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
        Site site = Site.of(ctx);
        // Signed: the page shows this text as stet's own word, so only stet may write it.
        String value = URLEncoder.encode(packed, StandardCharsets.UTF_8) + "." + site.signer().sign(SIGNED + packed);
        site.setCookie(ctx, COOKIE, value, 60);
    }

    /** The message left for this request, if any; it is shown once. A cookie stet did not sign is ignored. */
    static Optional<Flash> take(Context ctx) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        Site site = Site.of(ctx);
        site.clearCookie(ctx, COOKIE);
        int dot = raw.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String packed;
        try {
            packed = URLDecoder.decode(raw.substring(0, dot), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!site.signer().verify(SIGNED + packed, raw.substring(dot + 1))) {
            return Optional.empty();
        }
        String[] parts = packed.split("\n", 4);
        if (parts.length != 4 || !KINDS.contains(parts[0])) {
            return Optional.empty();
        }
        // Only local links, by the same rule as every redirect.
        boolean local = LocalPaths.isLocal(parts[1]);
        return Optional.of(new Flash(parts[0], parts[3], local ? parts[1] : null, local ? parts[2] : null));
    }
}
