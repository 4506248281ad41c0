package stet.api;

import io.javalin.http.Context;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import stet.error.BadRequestException;
import stet.error.PreconditionRequiredException;

/**
 * The HTTP preconditions of the API (RFC 9110): a record's entity tag is its version, as
 * a strong tag ({@code "7"}); a write names the version it started from in
 * {@code If-Match} (required: 428 without it); a read may say what it has in
 * {@code If-None-Match} (304 when still current). {@code Prefer: merge} (RFC 7240) asks
 * stet to merge a stale write instead of refusing it.
 */
final class Preconditions {

    private static final Pattern STRONG = Pattern.compile("\"([0-9]{1,9})\"");
    private static final Pattern WEAK = Pattern.compile("W/\"[^\"]*\"");

    private Preconditions() {}

    /** The entity tag of a version. */
    static String etag(int version) {
        return "\"" + version + "\"";
    }

    /**
     * The version a write started from, from its {@code If-Match}: one strong tag. A weak tag
     * never matches under the strong comparison If-Match uses (RFC 9110 13.1.1), so it is the
     * version 0, which is never current: stale. Missing or {@code *}: 428, because a write
     * that names no version would overwrite whatever is there. Anything else: 400.
     */
    static int ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            throw new PreconditionRequiredException("This write needs an If-Match header naming the version it"
                    + " starts from, the record's ETag (for example If-Match: \"3\"); stet never writes without"
                    + " it. Nothing was changed.");
        }
        String tag = header.strip();
        Matcher strong = STRONG.matcher(tag);
        if (strong.matches()) {
            return Integer.parseInt(strong.group(1));
        }
        if (WEAK.matcher(tag).matches()) {
            return 0;
        }
        throw new BadRequestException("If-Match must be one entity tag, the record's ETag (for example \"3\"), not '"
                + printable(tag) + "'. Nothing was changed.");
    }

    /**
     * Whether {@code If-None-Match} names {@code version} (weak comparison: {@code W/"3"}
     * matches too), or is {@code *}: the client's copy is current.
     */
    static boolean notModified(Context ctx, int version) {
        String header = ctx.header("If-None-Match");
        if (header == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag(version))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request says {@code Prefer: merge} (among other preferences, in any header of that name). */
    static boolean prefersMerge(Context ctx) {
        Enumeration<String> headers = ctx.req().getHeaders("Prefer");
        while (headers != null && headers.hasMoreElements()) {
            for (String preference : headers.nextElement().split(",")) {
                if (preference.split("[;=]", 2)[0].strip().equalsIgnoreCase("merge")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
