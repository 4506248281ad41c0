package stet.web;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param action a button that goes with the message (e.g. "Undo" after a delete), or null
 */
public record Flash(String kind, String text, String href, String linkText, Action action) {

    /**
     * A button in the message that POSTs {@code fields} (and the page's CSRF token) to
     * {@code path}, a local path; {@code testid} is the button's {@code data-testid}. Only
     * the browser that was given the message sees it.
     */
    public record Action(String path, String label, String testid, Map<String, String> fields) {
        public Action {
            fields = Map.copyOf(fields);
        }
    }

    static final String COOKIE = "stet_flash";
    private static final Set<String> KINDS = Set.of("success", "info", "warning");
    private static final String SIGNED = "flash:";
    private static final int PARTS = 8;

    /**
     * The longest cookie value a message is given, in bytes: a browser keeps a cookie of at
     * most 4,096 bytes, its name and attributes included, and drops a longer one unseen
     * (the message and its Undo with it). A longer message is shortened to fit.
     */
    static final int MAX_VALUE = 3_500;

    /** How many characters of a user's text (a record's title) a message quotes. */
    static final int QUOTED_LENGTH = 80;

    public static void success(Context ctx, String text) {
        set(ctx, new Flash("success", text, null, null, null));
    }

    /** A success message with a link (a local path) to more. */
    public static void success(Context ctx, String text, String href, String linkText) {
        set(ctx, new Flash("success", text, href, linkText, null));
    }

    /** A success message with a button that undoes what was done. */
    public static void success(Context ctx, String text, Action action) {
        set(ctx, new Flash("success", text, null, null, action));
    }

    public static void info(Context ctx, String text) {
        set(ctx, new Flash("info", text, null, null, null));
    }

    public static void warning(Context ctx, String text) {
        set(ctx, new Flash("warning", text, null, null, null));
    }

    /** {@code text} (a user's, such as a record's title) cut to {@link #QUOTED_LENGTH} characters, for a message to quote. */
    public static String quoted(String text) {
        return shortened(text, QUOTED_LENGTH);
    }

    private static void set(Context ctx, Flash flash) {
        Site site = Site.of(ctx);
        String text = flash.text;
        while (true) {
            String packed = pack(flash, text);
            // Signed: the page shows this text as stet's own word, so only stet may write it.
            String value = URLEncoder.encode(packed, StandardCharsets.UTF_8) + "." + site.signer().sign(SIGNED + packed);
            int characters = text.codePointCount(0, text.length());
            if (value.length() <= MAX_VALUE || characters <= 1) {
                site.setCookie(ctx, COOKIE, value, 60);
                return;
            }
            // Too long for a browser to keep: cut the text in proportion, a little more each time round.
            text = shortened(text, Math.max(1, (int) ((long) characters * MAX_VALUE / value.length()) - 4));
        }
    }

    private static String pack(Flash flash, String text) {
        Action action = flash.action;
        return String.join("\n", flash.kind, orEmpty(flash.href), orEmpty(flash.linkText),
                action == null ? "" : action.path(), action == null ? "" : action.label(),
                action == null ? "" : action.testid(), action == null ? "" : encode(action.fields()), text);
    }

    /** {@code text} cut to {@code characters} code points, the last of them "…", when longer. */
    static String shortened(String text, int characters) {
        if (text.codePointCount(0, text.length()) <= characters) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, characters - 1)) + "…";
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
        String[] parts = packed.split("\n", PARTS);
        if (parts.length != PARTS || !KINDS.contains(parts[0])) {
            return Optional.empty();
        }
        // Only local links and actions, by the same rule as every redirect.
        boolean local = LocalPaths.isLocal(parts[1]);
        Action action = LocalPaths.isLocal(parts[3]) ? new Action(parts[3], parts[4], parts[5], decode(parts[6])) : null;
        return Optional.of(new Flash(parts[0], parts[PARTS - 1], local ? parts[1] : null, local ? parts[2] : null,
                action));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
