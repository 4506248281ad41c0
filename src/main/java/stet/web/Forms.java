package stet.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import stet.error.BadRequestException;
import stet.error.NotFoundException;

/** Reading request parameters with clear failures instead of nulls and 500s. */
public final class Forms {

    private Forms() {}

    /**
     * A numeric id from the path, written as stet writes it: ASCII digits without a sign or a
     * leading zero. Anything else names no resource, so it is a 404 ({@code Long.parseLong}
     * alone would also take {@code +7}, {@code 007} and full-width or Arabic-Indic digits,
     * giving one record many addresses).
     */
    public static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        return plainNumber(raw, Long.MAX_VALUE)
                .orElseThrow(() -> new NotFoundException("There is nothing with the id '" + raw + "'."));
    }

    /** A version number from the path, written as {@link #pathId} takes an id; else a 404. */
    public static int pathVersion(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        return plainNumber(raw, Integer.MAX_VALUE).map(Long::intValue)
                .orElseThrow(() -> new NotFoundException("There is no version '" + raw + "'."));
    }

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[1-9][0-9]{0,18}");

    private static Optional<Long> plainNumber(String raw, long max) {
        if (!PLAIN_NUMBER.matcher(raw).matches()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw);
            return value <= max ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // beyond a long
        }
    }

    /** A form field that must be present, or a 400 naming it. */
    public static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null) {
            throw new BadRequestException("The form is missing its '" + name + "' field.");
        }
        return value;
    }

    /** A whole number the form must carry, or a 400 naming it. */
    public static int requiredInt(Context ctx, String name) {
        String value = required(ctx, name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("The form field '" + name + "' must be a whole number.");
        }
    }

    /** A whole number the form may carry; empty when absent, a 400 when malformed. */
    public static Optional<Integer> optionalInt(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new BadRequestException("The form field '" + name + "' must be a whole number.");
        }
    }

    /** A whole number from the query string, or empty when absent; a 400 when malformed. */
    public static Optional<Long> queryLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new BadRequestException("The query parameter '" + name + "' must be a whole number.");
        }
    }

    /**
     * A version or position from the query string, 0 to {@link Integer#MAX_VALUE}; empty when
     * absent, a 400 naming it when malformed or out of that range (never wrapped around).
     */
    public static Optional<Integer> queryCount(Context ctx, String name) {
        Optional<Long> value = queryLong(ctx, name);
        if (value.isPresent() && (value.get() < 0 || value.get() > Integer.MAX_VALUE)) {
            throw new BadRequestException("The query parameter '" + name + "' must be a whole number from 0 to "
                    + Integer.MAX_VALUE + ".");
        }
        return value.map(Long::intValue);
    }

    /**
     * All form fields, each with all its values (a checkbox and its hidden fallback), with
     * line breaks as stet stores them. Browsers post every line break of a form as CRLF,
     * hidden inputs included; normalised here, once, every path (save, the merge page and
     * its re-rendering, create, restore) sees the same text, and a merge of what the
     * browser sent back is the merge the page showed.
     */
    public static Map<String, List<String>> all(Context ctx) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, values) -> form.put(name, values.stream().map(Forms::lineBreaks).toList()));
        return form;
    }

    /** {@code text} with CRLF and lone CR line breaks as LF. */
    static String lineBreaks(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
