package stet.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import stet.error.BadRequestException;
import stet.error.Quoted;
import stet.error.UnreadableRequestException;
import stet.error.UnreadableRequestException.Reason;

/**
 * Reads every request's URL and form once, before the access check and the handlers,
 * and refuses what stet cannot read or store: an {@code X-HTTP-Method-Override} header
 * (400), an unknown character set (415), a body
 * other than a form posted to a page rather than the API (415), a body
 * over the limit (413), a multipart body without a length (411), broken
 * percent-encoding or a cut-off multipart body (400), and a NUL character anywhere in
 * the path, the query or the form (400: PostgreSQL text cannot hold NUL). Handlers
 * then read parameters that are known to be well formed, and a refused request has
 * changed nothing.
 */
public final class RequestGuard {

    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private final long maxBodyBytes;
    private final long maxUploadBytes;
    private final Predicate<String> uploads;

    /** @param maxBodyBytes the largest body accepted, of any content type */
    public RequestGuard(long maxBodyBytes) {
        this(maxBodyBytes, maxBodyBytes, path -> false);
    }

    /**
     * @param maxBodyBytes the largest body accepted, of any content type, but on upload paths
     * @param maxUploadBytes the largest body accepted on a path {@code uploads} accepts (a CSV
     *     import, read as it streams in rather than held in memory)
     */
    public RequestGuard(long maxBodyBytes, long maxUploadBytes, Predicate<String> uploads) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = Math.max(maxBodyBytes, maxUploadBytes);
        this.uploads = uploads;
    }

    /** The {@code before} handler. */
    public void check(Context ctx) {
        if (ctx.header(METHOD_OVERRIDE) != null) {
            // Javalin's Context.method() reads this header, with no setting to turn it off: honoured,
            // a POST could be routed as a GET (past the POST's checks) and a GET as a PATCH.
            throw new BadRequestException("stet does not take " + METHOD_OVERRIDE + ": send the request with its own"
                    + " method. Nothing was changed.");
        }
        // The charset comes first: Javalin decodes the query and the form with it.
        checkCharset(ctx.header("Content-Type"));
        refuseNul(() -> "The address", List.of(decodedPath(ctx.path())));
        String rawQuery = ctx.queryString();
        if (rawQuery != null) {
            refuseBrokenEscapes(rawQuery, "query parameter");
            if (!decodesToUtf8(rawQuery.getBytes(StandardCharsets.UTF_8))) {
                throw notUtf8("The query string");
            }
        }
        Map<String, List<String>> query;
        try {
            query = ctx.queryParamMap();
        } catch (IllegalArgumentException | HttpResponseException e) {
            throw new UnreadableRequestException(Reason.MALFORMED,
                    "The query string is not valid percent-encoding; nothing was changed.");
        }
        refuseNul(query, "query parameter");
        if (ctx.method() != HandlerType.POST) {
            return;
        }
        long limit = uploads.test(ctx.path()) ? maxUploadBytes : maxBodyBytes;
        if (ctx.contentLength() > limit) {
            throw tooLarge(limit);
        }
        if (ApiPaths.isApi(ctx)) {
            // A JSON body is no form (a '%' in it is no broken percent-encoding), nor is a CSV upload:
            // the API reads and checks the one, the import streams the other under its own limits.
            if (isJson(ctx.contentType()) || isCsv(ctx)) {
                return;
            }
        } else if (!isForm(ctx.contentType())) {
            // A page's handlers read any body as a form: one of another type would be read so
            // without the checks below (its '%E9' stored as U+FFFD, its '%00' a database error).
            throw new UnreadableRequestException(Reason.UNSUPPORTED_MEDIA_TYPE, "stet's pages take forms only: send"
                    + " this with Content-Type application/x-www-form-urlencoded or multipart/form-data, not '"
                    + printable(ctx.contentType()) + "'. Nothing was changed.");
        }
        if (!ctx.isMultipartFormData()) {
            // Read as url-encoded (a multipart body's values are sent as they are: a '%' there is a '%').
            byte[] body = body(ctx, limit);
            String charset = ctx.characterEncoding();
            refuseBrokenEscapes(new String(body, charsetOf(charset)), "form field");
            if (isUtf8(charset) && !decodesToUtf8(body)) {
                throw notUtf8("The form");
            }
        }
        refuseNul(form(ctx, limit), "form field");
        if (ctx.isMultipartFormData() && !uploads.test(ctx.path()) && !partsAreUtf8(ctx)) {
            throw notUtf8("The form");
        }
    }

    /**
     * Whether every field of a multipart form (read already) is UTF-8: Jetty decodes a part's
     * bytes with replacement, so a value sent in Latin-1 would be stored with U+FFFD in it.
     * (An upload's file is read by its own route, which checks its encoding.)
     */
    private static boolean partsAreUtf8(Context ctx) {
        try {
            for (jakarta.servlet.http.Part part : ctx.req().getParts()) {
                if (part.getSubmittedFileName() == null && !isUtf8Bytes(part.getInputStream().readAllBytes(), -1)) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException | jakarta.servlet.ServletException e) {
            throw malformed(true);
        }
    }

    /** Whether the first {@code length} of {@code bytes} (all of them: -1) are UTF-8. */
    private static boolean isUtf8Bytes(byte[] bytes, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length < 0 ? bytes.length : length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Whether a page may read a body of this content type as a form: url-encoded, multipart,
     * or none named (a page's script posts without a body, and a body without a type is read,
     * and checked, as url-encoded).
     */
    private static boolean isForm(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
    }

    /** Whether a request's charset (null: none named) is UTF-8, by its name or its common alias "utf8". */
    public static boolean isUtf8(String charset) {
        return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    private static byte[] body(Context ctx, long limit) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            // Javalin's own refusal of a body over the limit that came without a length.
            throw e.getStatus() == 413 ? tooLarge(limit) : malformed(false);
        }
    }

    /**
     * Whether percent-encoded text ({@code application/x-www-form-urlencoded}, a query
     * string) decodes to UTF-8: its {@code %XX} escapes and its bytes alike. Decoding
     * would otherwise turn what is not UTF-8 into U+FFFD, and the value be stored so.
     */
    static boolean decodesToUtf8(byte[] encoded) {
        byte[] decoded = new byte[encoded.length];
        int length = 0;
        for (int i = 0; i < encoded.length; i++) {
            int high = i + 2 < encoded.length ? Character.digit(encoded[i + 1], 16) : -1;
            int low = i + 2 < encoded.length ? Character.digit(encoded[i + 2], 16) : -1;
            if (encoded[i] == '%' && high >= 0 && low >= 0) {
                decoded[length++] = (byte) (high * 16 + low);
                i += 2;
            } else {
                decoded[length++] = encoded[i];
            }
        }
        return isUtf8Bytes(decoded, length);
    }

    /**
     * The name, as sent, of the first parameter of percent-encoded text (a query string, a
     * url-encoded form) that has a '%' not followed by two hex digits; empty when every
     * escape is whole. Jetty drops such a parameter without a word: a search would run
     * without its words, and a form be read without a field the user typed.
     */
    static Optional<String> brokenlyEncoded(String encoded) {
        for (String parameter : encoded.split("&")) {
            for (int at = parameter.indexOf('%'); at >= 0; at = parameter.indexOf('%', at + 1)) {
                if (at + 2 >= parameter.length() || !isHexDigit(parameter.charAt(at + 1))
                        || !isHexDigit(parameter.charAt(at + 2))) {
                    return Optional.of(parameter.split("=", 2)[0]);
                }
            }
        }
        return Optional.empty();
    }

    /** An ASCII hex digit: {@link Character#digit} also takes other scripts' digits, which no escape has. */
    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Refuses percent-encoded text with a broken escape, naming its parameter ({@code what}: "query parameter"). */
    private static void refuseBrokenEscapes(String encoded, String what) {
        brokenlyEncoded(encoded).ifPresent(name -> {
            throw new UnreadableRequestException(Reason.MALFORMED, "The " + what + " '" + printable(name) + "' is not valid"
                    + " percent-encoding: a '%' must be followed by two hex digits (a '%' itself is sent as %25)."
                    + " Nothing was changed.");
        });
    }

    private static UnreadableRequestException notUtf8(String what) {
        return new UnreadableRequestException(Reason.MALFORMED, what + " is not UTF-8 text (percent-encoded bytes"
                + " such as %E9 are read as UTF-8); nothing was changed.");
    }

    /** The charset of a body (null: none named, UTF-8), as checkCharset let it through. */
    private static Charset charsetOf(String name) {
        try {
            return isUtf8(name) ? StandardCharsets.UTF_8 : Charset.forName(unquote(name.strip()));
        } catch (IllegalArgumentException e) {
            // Not to be had here (checkCharset refused it); '%' and hex digits read the same in any ASCII superset.
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** Whether a content type is JSON: {@code application/json} or {@code application/…+json}, any parameters. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /**
     * A CSV upload is not a form: its handler streams it, under the import's own limits
     * (an import file may be far larger than a form), and reads none of it here.
     */
    private static boolean isCsv(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("text/csv");
    }

    private Map<String, List<String>> form(Context ctx, long limit) {
        long length = ctx.contentLength();
        boolean multipart = ctx.isMultipartFormData();
        if (multipart && length < 0) {
            // Without a length, Jetty's multipart parser could only find out the size by reading it all.
            throw new UnreadableRequestException(Reason.LENGTH_REQUIRED,
                    "A multipart form needs a Content-Length; nothing was changed.");
        }
        try {
            return ctx.formParamMap();
        } catch (HttpResponseException e) {
            // Javalin's own refusal of a body over the limit that came without a length.
            if (e.getStatus() == 413) {
                throw tooLarge(limit);
            }
            throw malformed(multipart);
        } catch (Exception e) {
            if (multipart && fieldsTooLarge(e)) {
                throw new UnreadableRequestException(Reason.TOO_LARGE, "A field of the form besides its files is too"
                        + " large: the fields other than files may hold at most " + maxBodyBytes / (1024 * 1024)
                        + " MiB together. Nothing was changed.");
            }
            // Jetty's multipart parser fails with checked exceptions too (ServletException, IOException).
            throw malformed(multipart);
        }
    }

    /**
     * Whether Jetty refused a multipart form because its fields other than files passed the
     * context's form limit: it says so only in words ("Form is larger than max length …").
     */
    private static boolean fieldsTooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Form is larger")) {
                return true;
            }
        }
        return false;
    }

    private static UnreadableRequestException tooLarge(long limit) {
        return new UnreadableRequestException(Reason.TOO_LARGE, "The request is too large: stet accepts at most "
                + limit / (1024 * 1024) + " MiB. Nothing was changed.");
    }

    private static UnreadableRequestException malformed(boolean multipart) {
        return new UnreadableRequestException(Reason.MALFORMED, multipart
                ? "The multipart form could not be read: it is cut off, malformed or has too many fields. Nothing was changed."
                : "The form is not valid percent-encoding; nothing was changed.");
    }

    /**
     * A charset named in the Content-Type must be one Java can decode, or nothing can be read.
     * Javalin takes the first part of the header that starts with "charset" as the charset,
     * whatever follows (with an '=' or without one, which it cannot split: a 500), and reads
     * {@code charsetx=utf-8} as naming UTF-8 though its parameter is not {@code charset}. So a
     * part whose name starts with "charset" must be {@code charset=…} and name a known one.
     */
    static void checkCharset(String contentType) {
        if (contentType == null) {
            return;
        }
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            String parameterName = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            if (!parameterName.startsWith("charset")) {
                continue;
            }
            if (equals < 0 || !parameterName.equals("charset")) {
                throw new UnreadableRequestException(Reason.UNSUPPORTED_CHARSET, "The Content-Type's '"
                        + printable(parameter.strip()) + "' names no character set; send charset=utf-8. Nothing was changed.");
            }
            String name = unquote(parameter.substring(equals + 1).strip());
            boolean known;
            try {
                known = Charset.isSupported(name);
            } catch (IllegalCharsetNameException e) {
                known = false;
            }
            if (!known) {
                throw new UnreadableRequestException(Reason.UNSUPPORTED_CHARSET, "The character set '" + printable(name)
                        + "' of this request is not supported; send UTF-8. Nothing was changed.");
            }
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String decodedPath(String path) {
        try {
            // A '+' in a path is a plus, not a space.
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnreadableRequestException(Reason.MALFORMED, "The address is not valid percent-encoding.");
        }
    }

    private static void refuseNul(Map<String, List<String>> parameters, String what) {
        // The label is built only for a refusal: its cleaning is a regular expression.
        parameters.forEach((name, values) -> {
            Supplier<String> label = () -> "The " + what + " '" + printable(name) + "'";
            refuseNul(label, List.of(name));
            refuseNul(label, values);
        });
    }

    private static void refuseNul(Supplier<String> label, List<String> values) {
        for (String value : values) {
            if (value.indexOf('\0') >= 0) {
                throw new BadRequestException(label.get() + " contains a NUL character (\\0), which stet cannot store."
                        + " Nothing was changed.");
            }
        }
    }

    /** A name as it can be shown in a message: without control characters, and not endless. */
    private static String printable(String name) {
        return Quoted.printable(name, 60);
    }
}
