package stet.api;

import io.javalin.http.Context;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import stet.error.BadRequestException;
import stet.error.PreconditionRequiredException;
import stet.error.Quoted;
import stet.record.SaveRequest;

/**
 * The HTTP preconditions of the API (RFC 9110): a record's entity tag is its version, as
 * a strong tag ({@code "7"}); a write names the version it started from in
 * {@code If-Match} (required: 428 without it); a read may say what it has in
 * {@code If-None-Match} (304 when still current). {@code Prefer: merge} (RFC 7240) asks
 * stet to merge a stale write instead of refusing it.
 */
final class Preconditions {

    /** A tag stet gives: a version, written as stet writes it. */
    private static final Pattern VERSION = Pattern.compile("\"([1-9][0-9]{0,8})\"");
    /** Any well-formed entity tag (RFC 9110 8.8.3), strong or weak. */
    private static final Pattern ANY_TAG = Pattern.compile("(W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"");

    /** The version a write that names a tag stet never gives starts from: none, so it is always stale. */
    static final int NO_VERSION = 0;

    private Preconditions() {}

    /** The entity tag of a version. */
    static String etag(int version) {
        return "\"" + version + "\"";
    }

    /**
     * The version a write started from, from its {@code If-Match}: one strong tag. If-Match
     * compares tags character by character (RFC 9110 13.1.1), so any other well-formed tag, a
     * weak one, {@code "01"} or {@code "abc"}, matches no version: it is the version 0, which
     * is never current, and the write is stale (412). Missing or {@code *}: 428, because a
     * write that names no version would overwrite whatever is there. Anything else, a list
     * among them: 400.
     */
    static int ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            throw new PreconditionRequiredException("This write needs an If-Match header naming the version it"
                    + " starts from, the record's ETag (for example If-Match: \"3\"); stet never writes without"
                    + " it. Nothing was changed.");
        }
        String tag = header.strip();
        Matcher version = VERSION.matcher(tag);
        if (version.matches()) {
            return Integer.parseInt(version.group(1));
        }
        if (ANY_TAG.matcher(tag).matches()) {
            return NO_VERSION;
        }
        throw new BadRequestException("If-Match must be one entity tag, the record's ETag (for example \"3\"), not '"
                + printable(tag) + "'. Nothing was changed.");
    }

    /** The request's {@code If-Match} as sent, for a message that must name what the client sent. */
    static String ifMatchSent(Context ctx) {
        return printable(String.valueOf(ctx.header("If-Match")).strip());
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

    /**
     * The request's {@code Idempotency-Key}, or null; one too long is refused here, naming the
     * header (the record layer's message names the forms' field).
     */
    static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key != null && key.length() > SaveRequest.MAX_IDEMPOTENCY_KEY) {
            throw new BadRequestException("The Idempotency-Key header may have at most " + SaveRequest.MAX_IDEMPOTENCY_KEY
                    + " characters.");
        }
        return key;
    }

    private static String printable(String value) {
        return Quoted.printable(value, 40);
    }
}
