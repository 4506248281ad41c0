package stet.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import stet.error.BadRequestException;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * What a record list asks for: a search, an order, filters and the keyset cursor of
 * the page, read from the query string ({@code q}, {@code sort}, one parameter per
 * filtered field, {@code after}) and checked against the collection, so that the store
 * only ever sees known fields and well-formed values.
 *
 * @param search the words to find (websearch syntax), or null for all records
 * @param sort the order
 * @param filters one per filtered field
 * @param after the last record of the previous page, or null on the first page
 */
public record RecordQuery(String search, Sort sort, List<Filter> filters, Cursor after) {

    /**
     * The parameters the list reads for itself (and {@code limit}, the API's page size); a
     * field with one of these keys cannot be filtered by.
     */
    static final Set<String> OWN_PARAMETERS = Set.of("q", "sort", "after", "limit");

    static final int MAX_SEARCH_LENGTH = 200;

    /** A canonical number as stored (see {@link FieldType#canonical}); the SQL cast is guarded by the same pattern. */
    static final Pattern CANONICAL_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    /**
     * A day of the years 1 to 9999 as a date field stores it, and nothing else ("2026-02-30" is
     * no day): in Java and in PostgreSQL's regular expressions alike (ListColumns).
     */
    static final Pattern CANONICAL_DAY = Pattern.compile("(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
            + "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
            + "|[0-9]{2}(?:0[48]|[2468][048]|[13579][26])-02-29|(?:[02468][048]|[13579][26])00-02-29)");
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    public RecordQuery {
        filters = List.copyOf(filters);
    }

    /** How values of a sort column compare. */
    enum Kind {
        /** the record id itself: the default order */
        ID,
        /** the record's version */
        VERSION,
        /** a field's value as text (text and choice fields) */
        TEXT,
        /**
         * a date field: its days (YYYY-MM-DD), which sort as text; a value that is no day (the
         * string of a text field that had the key before) counts as empty, as for numbers
         */
        DATE,
        /** a number or integer field, compared numerically */
        NUMBER,
        /**
         * a yes/no field, "false" before "true": a record written before the field was added
         * has no value, and counts as "false", as its form and page show it (never empty)
         */
        YES_NO
    }

    /**
     * An order: a column, its direction, and the id to break ties (in the same direction,
     * so a descending order is the exact reverse of the ascending one). Empty values sort
     * last ascending and first descending.
     *
     * @param key the field key, or "id" or "version"
     */
    public record Sort(String key, Kind kind, boolean descending) {

        static final Sort DEFAULT = new Sort("id", Kind.ID, false);

        /** The {@code sort} parameter that asks for this order. */
        public String param() {
            return descending ? "-" + key : key;
        }

        boolean isDefault() {
            return equals(DEFAULT);
        }
    }

    /**
     * A filter on one field: values from {@code from} to {@code to}, both inclusive and
     * both canonical; equal for a choice or a boolean, either may be null (open) for a date.
     */
    public record Filter(String key, Kind kind, String from, String to) {}

    /**
     * The last record of the previous page: its id and its value of the sort column
     * (canonical text; null when empty).
     */
    public record Cursor(long id, String value) {}

    /** The columns of a list that can be sorted, in the order they are shown. */
    public static List<String> sortKeys(Collection collection) {
        List<String> keys = new ArrayList<>();
        if (collection.field("id").isEmpty()) {
            keys.add("id");
        }
        collection.listFields().forEach(f -> keys.add(f.key()));
        keys.add("version");
        return keys;
    }

    /** The fields a list offers filters for. */
    public static List<FieldDef> filterFields(Collection collection) {
        return collection.fields().stream()
                .filter(f -> f.type() == FieldType.CHOICE || f.type() == FieldType.BOOLEAN || f.type() == FieldType.DATE)
                .filter(f -> !OWN_PARAMETERS.contains(f.key()))
                .toList();
    }

    /**
     * Reads a list's query string.
     *
     * @throws BadRequestException naming what is wrong: an unknown sort key, a value a
     *     filter cannot have, a search too long, or a cursor stet did not make for this order
     */
    public static RecordQuery parse(Collection collection, Map<String, List<String>> params) {
        String search = single(params, "q");
        // Characters, as the message says: an emoji is one, though two UTF-16 units.
        if (search != null && search.codePointCount(0, search.length()) > MAX_SEARCH_LENGTH) {
            throw new BadRequestException("The search is too long: at most " + MAX_SEARCH_LENGTH + " characters.");
        }
        search = search == null || search.isBlank() ? null : search.strip();
        Sort sort = sort(collection, single(params, "sort"));
        List<Filter> filters = new ArrayList<>();
        for (FieldDef field : filterFields(collection)) {
            String value = single(params, field.key());
            if (value != null && !value.isBlank()) {
                filters.add(filter(field, value.strip()));
            }
        }
        String after = single(params, "after");
        Cursor cursor = after == null || after.isBlank() ? null : cursor(sort, after.strip());
        return new RecordQuery(search, sort, filters, cursor);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException("The query parameter '" + name + "' is given more than once.");
        }
        return values.get(0);
    }

    private static Sort sort(Collection collection, String param) {
        if (param == null || param.isBlank()) {
            return Sort.DEFAULT;
        }
        boolean descending = param.startsWith("-");
        String key = descending ? param.substring(1) : param;
        if (!sortKeys(collection).contains(key)) {
            throw new BadRequestException("The list cannot be sorted by '" + param + "'; sort by one of its columns: "
                    + String.join(", ", sortKeys(collection)) + " (with a leading '-' for descending).");
        }
        Kind kind = collection.field(key)
                .map(ListColumns::kind)
                .orElse(key.equals("id") ? Kind.ID : Kind.VERSION);
        return new Sort(key, kind, descending);
    }

    private static Filter filter(FieldDef field, String value) {
        switch (field.type()) {
            case CHOICE:
                if (!field.choices().contains(value)) {
                    throw new BadRequestException("'" + value + "' is not a choice of " + field.label() + ": choose one of "
                            + String.join(", ", field.choices()) + ".");
                }
                return new Filter(field.key(), Kind.TEXT, value, value);
            case BOOLEAN:
                if (!value.equals("true") && !value.equals("false")) {
                    throw new BadRequestException(field.label() + " can be filtered by 'true' or 'false', not '" + value + "'.");
                }
                return new Filter(field.key(), Kind.YES_NO, value, value);
            case DATE:
                int range = value.indexOf("..");
                if (range < 0) {
                    String day = day(field, value);
                    return new Filter(field.key(), Kind.DATE, day, day);
                }
                String from = value.substring(0, range).strip();
                String to = value.substring(range + 2).strip();
                if (from.isEmpty() && to.isEmpty()) {
                    throw dateError(field, value);
                }
                String first = from.isEmpty() ? null : day(field, from);
                String last = to.isEmpty() ? null : day(field, to);
                if (first != null && last != null && first.compareTo(last) > 0) {
                    throw new BadRequestException(field.label() + " is filtered by a range of days that ends before it"
                            + " starts: '" + value + "'; give the earlier day first.");
                }
                return new Filter(field.key(), Kind.DATE, first, last);
            default:
                throw new IllegalStateException("no filter for " + field.type());
        }
    }

    /** A day as a date field stores it (so that the query's text comparison is the order of days). */
    private static String day(FieldDef field, String value) {
        try {
            return FieldType.DATE.canonical(value);
        } catch (FieldType.InvalidValue e) {
            throw dateError(field, value);
        }
    }

    private static BadRequestException dateError(FieldDef field, String value) {
        return new BadRequestException(field.label() + " is filtered by a day (YYYY-MM-DD) or a range of days"
                + " (YYYY-MM-DD..YYYY-MM-DD, either end may be left out), not '" + value + "'.");
    }

    /**
     * Reads a cursor. In the default order it is the plain id of the last record (as the
     * list's {@code after} always was); in any other it is opaque: the order, the id and
     * the sort value, base64url-encoded, and refused when made for another order.
     */
    private static Cursor cursor(Sort sort, String after) {
        if (sort.isDefault()) {
            if (ID.matcher(after).matches()) {
                return new Cursor(Long.parseLong(after), null);
            }
            throw badCursor();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        String[] parts = text.split("\n", 3);
        if (parts.length != 3 || !parts[0].equals(sort.param()) || !ID.matcher(parts[1]).matches()
                || text.indexOf('\0') >= 0) {
            throw badCursor();
        }
        long id = Long.parseLong(parts[1]);
        String value;
        if (parts[2].equals("-")) {
            value = null;
        } else if (parts[2].startsWith("=")) {
            value = parts[2].substring(1);
        } else {
            throw badCursor();
        }
        boolean valid = switch (sort.kind()) {
            case ID -> value != null && value.equals(parts[1]);
            case VERSION -> value != null && ID.matcher(value).matches() && Long.parseLong(value) <= Integer.MAX_VALUE;
            case NUMBER -> value == null || CANONICAL_NUMBER.matcher(value).matches() && value.length() <= 80;
            case TEXT -> value == null || !value.isEmpty();
            case DATE -> value == null || CANONICAL_DAY.matcher(value).matches();
            case YES_NO -> "true".equals(value) || "false".equals(value);
        };
        if (!valid) {
            throw badCursor();
        }
        return new Cursor(id, value);
    }

    private static BadRequestException badCursor() {
        return new BadRequestException("The page cursor 'after' is not valid for this order; start from the first page.");
    }

    /** The value of the sort column a cursor after {@code last} carries (what the store compares with). */
    String sortValue(ListedRecord last) {
        return switch (sort.kind()) {
            case ID -> Long.toString(last.id());
            case VERSION -> Integer.toString(last.version());
            case TEXT -> last.value(sort.key()).isEmpty() ? null : last.value(sort.key());
            // A value that is not a canonical number sorts as empty in SQL; the cursor must say the same.
            case NUMBER -> CANONICAL_NUMBER.matcher(last.value(sort.key())).matches() ? last.value(sort.key()) : null;
            case DATE -> CANONICAL_DAY.matcher(last.value(sort.key())).matches() ? last.value(sort.key()) : null;
            // What the order compares: anything but "true" (nothing, or a value of a type the field had before) is "false".
            case YES_NO -> "true".equals(last.value(sort.key())) ? "true" : "false";
        };
    }

    /** This search, order and filters, for the page that follows {@code last}. */
    public RecordQuery next(ListedRecord last) {
        return new RecordQuery(search, sort, filters, new Cursor(last.id(), sort.isDefault() ? null : sortValue(last)));
    }

    /** The {@code after} parameter of the page that follows {@code last}. */
    public String cursorAfter(ListedRecord last) {
        if (sort.isDefault()) {
            return Long.toString(last.id());
        }
        String value = sortValue(last);
        String text = sort.param() + "\n" + last.id() + "\n" + (value == null ? "-" : "=" + value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The query parameters of this search, order and filters (not the cursor), in a
     * stable order, for the links of the page: the next page and the column headers.
     */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        if (search != null) {
            params.put("q", search);
        }
        for (Filter f : filters) {
            params.put(f.key(), f.from() != null && f.from().equals(f.to()) ? f.from()
                    : (f.from() == null ? "" : f.from()) + ".." + (f.to() == null ? "" : f.to()));
        }
        if (!sort.isDefault()) {
            params.put("sort", sort.param());
        }
        return params;
    }
}
